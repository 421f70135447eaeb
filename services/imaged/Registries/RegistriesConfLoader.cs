using CriMesh.Common.Config;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Options;
using Tomlyn;
using Tomlyn.Model;

namespace CriMesh.Imaged.Registries;

/// <summary>
/// Reads registries.conf in the <c>containers-registries.conf(5)</c> v2 format: the main file, then every
/// <c>*.conf</c> in the drop-in directory in name order. A drop-in's <c>[[registry]]</c> replaces one of the
/// same prefix and adds the others; its <c>unqualified-search-registries</c>, when present, replaces the
/// earlier list. The v1 tables (<c>[registries.search]</c> ...) are refused. Then the crimesh.toml
/// overrides of <see cref="ImagedOptions"/> are applied.
/// </summary>
public static class RegistriesConfLoader
{
    public static RegistriesConfig Load(ImagedOptions options)
    {
        var registries = new List<RegistryEntry>();
        IReadOnlyList<string> search = [];
        var files = new List<string>();
        if (File.Exists(options.RegistriesConf))
        {
            files.Add(options.RegistriesConf);
        }
        if (Directory.Exists(options.RegistriesConfDir))
        {
            files.AddRange(Directory.GetFiles(options.RegistriesConfDir, "*.conf").Order(StringComparer.Ordinal));
        }
        foreach (var file in files)
        {
            var (entries, fileSearch) = ParseFile(File.ReadAllText(file), file);
            Merge(registries, entries);
            if (fileSearch is not null)
            {
                search = fileSearch;
            }
        }
        return ApplyOverrides(new RegistriesConfig(registries, search), options);
    }

    /// <summary>Parses one file's text; <paramref name="source"/> names it in errors.</summary>
    public static (List<RegistryEntry> Registries, List<string>? Search) ParseFile(string text, string source)
    {
        TomlTable table;
        try
        {
            table = TomlModelContext.Parse(text);
        }
        catch (TomlException e)
        {
            throw CriMeshException.Invalid($"{source}: invalid toml: {e.Message}");
        }
        if (table.TryGetValue("registries", out var v1) && v1 is TomlTable)
        {
            throw CriMeshException.Invalid($"{source}: the v1 format ([registries.search], [registries.insecure], ...) is not supported; use [[registry]] tables");
        }
        List<string>? search = null;
        if (table.TryGetValue("unqualified-search-registries", out var s))
        {
            search = StringArray(s, source, "unqualified-search-registries");
            foreach (var host in search)
            {
                CheckLocation(host, source, "unqualified-search-registries");
            }
        }
        var list = new List<RegistryEntry>();
        if (table.TryGetValue("registry", out var r))
        {
            if (r is not TomlTableArray array)
            {
                throw CriMeshException.Invalid($"{source}: registry must be an array of tables ([[registry]])");
            }
            var i = 0;
            foreach (var entry in array)
            {
                list.Add(ParseRegistry(entry, source, $"registry[{i++}]"));
            }
        }
        return (list, search);
    }

    private static RegistryEntry ParseRegistry(TomlTable t, string source, string where)
    {
        var location = OptionalString(t, "location", source, where) ?? "";
        var prefix = OptionalString(t, "prefix", source, where) ?? location;
        if (prefix.Length == 0)
        {
            throw CriMeshException.Invalid($"{source}: {where} has neither prefix nor location");
        }
        if (prefix.StartsWith("*.", StringComparison.Ordinal))
        {
            if (prefix.IndexOfAny(['/', '@', ':']) >= 0 || prefix.IndexOf('*', 1) >= 0)
            {
                throw CriMeshException.Invalid($"{source}: {where} has wildcard prefix \"{prefix}\" with more than a domain");
            }
            if (location.Length > 0 && location != prefix)
            {
                throw CriMeshException.Invalid($"{source}: {where} has wildcard prefix \"{prefix}\" with a location; a wildcard entry cannot rewrite");
            }
            location = "";
        }
        else
        {
            CheckLocation(prefix, source, $"{where}.prefix");
            if (location.Length == 0)
            {
                location = prefix;
            }
            CheckLocation(location, source, $"{where}.location");
        }
        var mirrors = new List<MirrorEntry>();
        if (t.TryGetValue("mirror", out var m))
        {
            if (m is not TomlTableArray ma)
            {
                throw CriMeshException.Invalid($"{source}: {where}.mirror must be an array of tables ([[registry.mirror]])");
            }
            var j = 0;
            foreach (var mt in ma)
            {
                var mwhere = $"{where}.mirror[{j++}]";
                var mloc = OptionalString(mt, "location", source, mwhere) ?? "";
                CheckLocation(mloc, source, $"{mwhere}.location");
                var pull = OptionalString(mt, "pull-from-mirror", source, mwhere) ?? "all";
                if (pull is not ("all" or "digest-only" or "tag-only"))
                {
                    throw CriMeshException.Invalid($"{source}: {mwhere}.pull-from-mirror is \"{pull}\", not all, digest-only or tag-only");
                }
                mirrors.Add(new MirrorEntry(mloc, OptionalBool(mt, "insecure", source, mwhere), pull));
            }
        }
        return new RegistryEntry(prefix, location,
            OptionalBool(t, "insecure", source, where),
            OptionalBool(t, "blocked", source, where),
            OptionalBool(t, "mirror-by-digest-only", source, where),
            mirrors);
    }

    private static void Merge(List<RegistryEntry> into, List<RegistryEntry> entries)
    {
        foreach (var e in entries)
        {
            var i = into.FindIndex(x => x.Prefix == e.Prefix);
            if (i >= 0)
            {
                into[i] = e;
            }
            else
            {
                into.Add(e);
            }
        }
    }

    private static RegistriesConfig ApplyOverrides(RegistriesConfig config, ImagedOptions options)
    {
        var list = config.Registries.ToList();
        RegistryEntry Get(string prefix)
        {
            var i = list.FindIndex(x => x.Prefix == prefix);
            if (i >= 0)
            {
                return list[i];
            }
            CheckLocation(prefix, "crimesh.toml [imaged]", "registry prefix");
            var e = new RegistryEntry(prefix, prefix);
            list.Add(e);
            return e;
        }
        void Set(RegistryEntry e) => list[list.FindIndex(x => x.Prefix == e.Prefix)] = e;
        foreach (var p in options.InsecureRegistries)
        {
            Set(Get(p) with { Insecure = true });
        }
        foreach (var p in options.BlockedRegistries)
        {
            Set(Get(p) with { Blocked = true });
        }
        foreach (var (p, mirrors) in options.RegistryMirrors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var extra = mirrors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(loc =>
                {
                    CheckLocation(loc, "crimesh.toml [imaged]", $"registry_mirrors.{p}");
                    return new MirrorEntry(loc, options.InsecureRegistries.Contains(loc));
                });
            var e = Get(p);
            Set(e with { Mirrors = [.. e.MirrorList, .. extra] });
        }
        var search = options.UnqualifiedSearchRegistries.Length > 0 ? options.UnqualifiedSearchRegistries : config.UnqualifiedSearchRegistries;
        return new RegistriesConfig(list, search);
    }

    /// <summary>A location is host[:port][/path] with no scheme, no "..", no spaces.</summary>
    private static void CheckLocation(string location, string source, string where)
    {
        if (location.Length == 0 || location.Contains("://", StringComparison.Ordinal) || location.Contains("..", StringComparison.Ordinal)
            || location.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || location.StartsWith('/') || location.EndsWith('/'))
        {
            throw CriMeshException.Invalid($"{source}: {where} \"{location}\" is not a host[:port][/path] location");
        }
    }

    private static string? OptionalString(TomlTable t, string key, string source, string where) =>
        !t.TryGetValue(key, out var v) ? null
        : v as string ?? throw CriMeshException.Invalid($"{source}: {where}.{key} must be a string");

    private static bool OptionalBool(TomlTable t, string key, string source, string where) =>
        t.TryGetValue(key, out var v) && (v as bool? ?? throw CriMeshException.Invalid($"{source}: {where}.{key} must be true or false"));

    private static List<string> StringArray(object value, string source, string key) =>
        value is TomlArray a && a.All(x => x is string)
            ? a.Cast<string>().ToList()
            : throw CriMeshException.Invalid($"{source}: {key} must be an array of strings");
}
