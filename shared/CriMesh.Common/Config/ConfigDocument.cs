using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using Tomlyn.Model;

namespace CriMesh.Common.Config;

/// <summary>
/// The merged configuration: the main file, then every drop-in in lexical order, each overriding the
/// keys it sets (tables merge, other values replace). Remembers which file set each key, so an error can
/// name it. An absent main file or drop-in directory is not an error: every key has a default.
/// </summary>
public sealed partial class ConfigDocument
{
    /// <summary>The tables a daemon may own; any other top-level table is an error.</summary>
    public static readonly IReadOnlySet<string> DaemonTables =
        new HashSet<string>(StringComparer.Ordinal) { "gateway", "imaged", "storaged", "netd", "conmon" };

    private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);

    private ConfigDocument(IReadOnlyList<string> files)
    {
        Files = files;
    }

    /// <summary>The merged table.</summary>
    public TomlTable Root { get; } = new();

    /// <summary>The files read, in the order they were applied.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Default location of the main file.</summary>
    public const string DefaultPath = "/etc/crimesh/crimesh.toml";

    /// <summary>The drop-in directory that belongs with <paramref name="mainPath"/>: <c>crimesh.d</c> beside it.</summary>
    public static string DropInDirFor(string mainPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(mainPath)) ?? "/", "crimesh.d");

    /// <summary>Reads and merges <paramref name="mainPath"/> and the <c>*.toml</c> files of <paramref name="dropInDir"/>.</summary>
    public static ConfigDocument Load(string mainPath, string? dropInDir = null)
    {
        dropInDir ??= DropInDirFor(mainPath);
        var files = new List<string>();
        if (File.Exists(mainPath))
        {
            files.Add(mainPath);
        }
        if (Directory.Exists(dropInDir))
        {
            files.AddRange(Directory.GetFiles(dropInDir, "*.toml").Order(StringComparer.Ordinal));
        }
        var doc = new ConfigDocument(files);
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException($"{file}: cannot read: {e.Message}", e);
            }
            doc.Merge(Parse(text, file), file);
        }
        return doc;
    }

    /// <summary>Builds a document from TOML text, for tests and tools.</summary>
    public static ConfigDocument FromText(string text, string sourceName = "<text>")
    {
        var doc = new ConfigDocument([sourceName]);
        doc.Merge(Parse(text, sourceName), sourceName);
        return doc;
    }

    /// <summary>The file that set <paramref name="keyPath"/> (dotted), or the last file read.</summary>
    public string OriginOf(string keyPath) =>
        _origins.TryGetValue(keyPath, out var file) ? file : Files.Count > 0 ? Files[^1] : "<defaults>";

    /// <summary>The table named <paramref name="name"/>, or null when no file has it.</summary>
    public TomlTable? Table(string name) => Root.TryGetValue(name, out var t) ? t as TomlTable : null;

    private static TomlTable Parse(string text, string file)
    {
        // Validate on the syntax tree first: it reports every TOML error (duplicate keys and tables
        // included) with its position, which the model deserializer does not.
        var syntax = SyntaxParser.Parse(text, file, validate: true);
        if (syntax.HasErrors)
        {
            var first = syntax.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            var position = DiagnosticPosition().Match(first.ToString());
            var where = position.Success ? $"{file}:{position.Groups[1].Value}:{position.Groups[2].Value}" : file;
            throw new ConfigException($"{where}: invalid TOML: {first.Message}");
        }
        try
        {
            var options = new TomlSerializerOptions
            {
                SourceName = file,
                DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
            };
            return TomlModelContext.Parse(text, options);
        }
        catch (TomlException e)
        {
            var where = e.Line is { } line ? $"{file}:{line}:{e.Column}" : file;
            throw new ConfigException($"{where}: invalid TOML: {FirstLine(e.Message)}", e);
        }
    }

    [GeneratedRegex(@"\((\d+),(\d+)\)")]
    private static partial Regex DiagnosticPosition();

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n');
        return nl < 0 ? message : message[..nl];
    }

    private void Merge(TomlTable source, string file) => MergeInto(Root, source, file, prefix: "");

    private void MergeInto(TomlTable target, TomlTable source, string file, string prefix)
    {
        foreach (var (key, value) in source)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is TomlTable sub && target.TryGetValue(key, out var existing) && existing is TomlTable existingTable)
            {
                MergeInto(existingTable, sub, file, path);
                continue;
            }
            target[key] = value;
            _origins[path] = file;
            if (value is TomlTable fresh)
            {
                MarkOrigins(fresh, file, path);
            }
        }
    }

    private void MarkOrigins(TomlTable table, string file, string prefix)
    {
        foreach (var (key, value) in table)
        {
            var path = $"{prefix}.{key}";
            _origins[path] = file;
            if (value is TomlTable sub)
            {
                MarkOrigins(sub, file, path);
            }
        }
    }
}
