using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using Tomlyn.Model;

namespace CriMesh.Common.Config;

/// <summary>
/// Binds a TOML table to an options record: each key is the snake_case name of an init property.
/// Supported property types: string, bool, int, long, double, TimeSpan (a duration string), string[],
/// <c>Dictionary&lt;string, string&gt;</c>, a nested options record for a sub-table, and
/// <c>Dictionary&lt;string, TRecord&gt;</c> for a table of named sub-tables (<c>[conmon.runtime_handlers.runc]</c>). Unknown keys, wrong
/// types and failed <see cref="IValidatedOptions.Validate"/> reasons are all collected, then thrown
/// together in one <see cref="ConfigException"/> naming file, key and reason.
/// </summary>
public static class OptionsBinder
{
    /// <summary>Binds the top-level keys to <see cref="NodeOptions"/>; tables other than the daemons' are errors.</summary>
    public static NodeOptions BindNode(ConfigDocument doc)
    {
        var errors = new List<string>();
        var scalars = new TomlTable();
        foreach (var (key, value) in doc.Root)
        {
            if (value is TomlTable)
            {
                if (!ConfigDocument.DaemonTables.Contains(key))
                {
                    errors.Add($"{doc.OriginOf(key)}: [{key}]: unknown table (known: {string.Join(", ", ConfigDocument.DaemonTables.Order())})");
                }
                continue;
            }
            scalars[key] = value;
        }
        var node = BindInto<NodeOptions>(doc, scalars, prefix: "", errors);
        Throw(errors);
        return node;
    }

    /// <summary>Binds the table <c>[<paramref name="table"/>]</c> to <typeparamref name="T"/>; an absent table gives the defaults.</summary>
    public static T Bind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(ConfigDocument doc, string table)
        where T : class, new()
    {
        var errors = new List<string>();
        var result = BindInto<T>(doc, doc.Table(table) ?? new TomlTable(), table, errors);
        Throw(errors);
        return result;
    }

    /// <summary>
    /// Binds the top-level keys and the daemon's own table in one pass, so every problem in either is
    /// reported at once.
    /// </summary>
    public static (NodeOptions Node, T Options) BindDaemon<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(
        ConfigDocument doc, string table)
        where T : class, new()
    {
        var messages = new List<string>();
        NodeOptions? node = null;
        T? options = null;
        try
        {
            node = BindNode(doc);
        }
        catch (ConfigException e)
        {
            messages.Add(e.Message);
        }
        try
        {
            options = Bind<T>(doc, table);
        }
        catch (ConfigException e)
        {
            messages.Add(e.Message);
        }
        return messages.Count > 0
            ? throw new ConfigException(string.Join(Environment.NewLine, messages))
            : (node!, options!);
    }

    /// <summary>The TOML key for a property name.</summary>
    public static string KeyOf(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

    /// <summary>The bindable properties of <paramref name="type"/>, in declaration order.</summary>
    public static IEnumerable<PropertyInfo> Properties(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    private static T BindInto<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(
        ConfigDocument doc, TomlTable table, string prefix, List<string> errors)
        where T : class, new()
    {
        return (T)BindObject(typeof(T), doc, table, prefix, errors);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Options records are rooted by their daemon.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Options records are rooted by their daemon.")]
    private static object BindObject(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] Type type,
        ConfigDocument doc, TomlTable table, string prefix, List<string> errors)
    {
        var target = Activator.CreateInstance(type)!;
        var byKey = Properties(type).ToDictionary(p => KeyOf(p.Name), StringComparer.Ordinal);
        foreach (var (key, value) in table)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (!byKey.TryGetValue(key, out var property))
            {
                errors.Add($"{doc.OriginOf(path)}: {path}: unknown key");
                continue;
            }
            if (TryConvert(property.PropertyType, value, doc, path, errors, out var converted))
            {
                property.SetValue(target, converted);
            }
        }
        if (target is IValidatedOptions validated)
        {
            foreach (var reason in validated.Validate())
            {
                var where = prefix.Length == 0 ? (doc.Files.Count > 0 ? doc.Files[^1] : "<defaults>") : doc.OriginOf(prefix);
                errors.Add(prefix.Length == 0 ? $"{where}: {reason}" : $"{where}: [{prefix}]: {reason}");
            }
        }
        return target;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Options records are rooted by their daemon.")]
    private static bool TryConvert(Type type, object value, ConfigDocument doc, string path, List<string> errors, out object? result)
    {
        result = null;
        string? expected = null;
        switch (value)
        {
            case string s when type == typeof(string):
                result = s;
                break;
            case string s when type == typeof(TimeSpan):
                if (Durations.TryParse(s, out var span) && span >= TimeSpan.Zero)
                {
                    result = span;
                }
                else
                {
                    expected = "a duration such as \"30s\", \"5m\" or \"250ms\"";
                }
                break;
            case bool b when type == typeof(bool):
                result = b;
                break;
            case long l when type == typeof(long):
                result = l;
                break;
            case long l when type == typeof(int):
                if (l is >= int.MinValue and <= int.MaxValue)
                {
                    result = (int)l;
                }
                else
                {
                    expected = "an integer in the 32-bit range";
                }
                break;
            case long l when type == typeof(double):
                result = (double)l;
                break;
            case double d when type == typeof(double):
                result = d;
                break;
            case TomlArray array when type == typeof(string[]):
                if (array.All(x => x is string))
                {
                    result = array.Cast<string>().ToArray();
                }
                else
                {
                    expected = "an array of strings";
                }
                break;
            case TomlTable t when type == typeof(Dictionary<string, string>):
                if (t.All(kv => kv.Value is string))
                {
                    result = t.ToDictionary(kv => kv.Key, kv => (string)kv.Value, StringComparer.Ordinal);
                }
                else
                {
                    expected = "a table of strings";
                }
                break;
            case TomlTable t when IsRecordMap(type):
                result = BindRecordMap(type, doc, t, path, errors);
                break;
            case TomlTable t when type.IsClass && type != typeof(string) && !type.IsArray:
                result = BindObject(type, doc, t, path, errors);
                break;
            default:
                expected = Describe(type);
                break;
        }
        if (expected is null)
        {
            return true;
        }
        errors.Add($"{doc.OriginOf(path)}: {path}: expected {expected}, got {DescribeValue(value)}");
        return false;
    }

    /// <summary>True for <c>Dictionary&lt;string, TRecord&gt;</c> with a class (not string) value type.</summary>
    public static bool IsRecordMap(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)
        && type.GetGenericArguments() is [var key, var value]
        && key == typeof(string) && value.IsClass && value != typeof(string);

    [UnconditionalSuppressMessage("Trimming", "IL2062", Justification = "Options records are rooted by their daemon.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Options records are rooted by their daemon.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Options records are rooted by their daemon.")]
    private static object BindRecordMap(Type type, ConfigDocument doc, TomlTable table, string path, List<string> errors)
    {
        var valueType = type.GetGenericArguments()[1];
        var map = (System.Collections.IDictionary)Activator.CreateInstance(type)!;
        foreach (var (key, value) in table)
        {
            var entryPath = $"{path}.{key}";
            if (value is TomlTable sub)
            {
                map[key] = BindObject(valueType, doc, sub, entryPath, errors);
            }
            else
            {
                errors.Add($"{doc.OriginOf(entryPath)}: {entryPath}: expected a table, got {DescribeValue(value)}");
            }
        }
        return map;
    }

    private static string Describe(Type type) =>
        type == typeof(string) ? "a string"
        : type == typeof(bool) ? "a boolean"
        : type == typeof(int) || type == typeof(long) ? "an integer"
        : type == typeof(double) ? "a number"
        : type == typeof(TimeSpan) ? "a duration string such as \"30s\""
        : type == typeof(string[]) ? "an array of strings"
        : "a table";

    private static string DescribeValue(object value) => value switch
    {
        string s => $"string \"{s}\"",
        bool b => $"boolean {(b ? "true" : "false")}",
        long l => $"integer {l}",
        double d => $"number {d}",
        TomlArray => "an array",
        TomlTable => "a table",
        _ => value.GetType().Name,
    };

    private static void Throw(List<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new ConfigException(string.Join(Environment.NewLine, errors));
        }
    }
}
