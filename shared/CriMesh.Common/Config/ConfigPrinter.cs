using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CriMesh.Common.Config;

/// <summary>Writes effective options back as TOML, so <c>--print-config</c> shows exactly what a daemon runs with.</summary>
public static class ConfigPrinter
{
    public static string Print(NodeOptions node, string table, object options)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# effective configuration (defaults merged with crimesh.toml and its drop-ins)");
        WriteScalars(sb, node);
        WriteTable(sb, table, options);
        return sb.ToString();
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Options records are rooted by their daemon.")]
    private static void WriteTable(StringBuilder sb, string name, object options)
    {
        sb.AppendLine().Append('[').Append(name).AppendLine("]");
        WriteScalars(sb, options);
        foreach (var p in OptionsBinder.Properties(options.GetType()))
        {
            if (IsSubTable(p.PropertyType) && p.GetValue(options) is { } sub)
            {
                WriteTable(sb, $"{name}.{OptionsBinder.KeyOf(p.Name)}", sub);
            }
            else if (OptionsBinder.IsRecordMap(p.PropertyType) && p.GetValue(options) is IDictionary map)
            {
                foreach (DictionaryEntry entry in map)
                {
                    WriteTable(sb, $"{name}.{OptionsBinder.KeyOf(p.Name)}.{entry.Key}", entry.Value!);
                }
            }
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Options records are rooted by their daemon.")]
    private static void WriteScalars(StringBuilder sb, object options)
    {
        foreach (var p in OptionsBinder.Properties(options.GetType()))
        {
            if (IsSubTable(p.PropertyType) || OptionsBinder.IsRecordMap(p.PropertyType))
            {
                continue;
            }
            sb.Append(OptionsBinder.KeyOf(p.Name)).Append(" = ").AppendLine(Format(p.GetValue(options)));
        }
    }

    private static bool IsSubTable(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && !typeof(IDictionary).IsAssignableFrom(type);

    /// <summary>One value in TOML syntax.</summary>
    public static string Format(object? value) => value switch
    {
        null => "\"\"",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        TimeSpan t => Quote(Durations.Format(t)),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string[] a => "[" + string.Join(", ", a.Select(Quote)) + "]",
        IDictionary<string, string> m => "{ " + string.Join(", ", m.Select(kv => $"{Quote(kv.Key)} = {Quote(kv.Value)}")) + " }",
        _ => Quote(value.ToString() ?? ""),
    };

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\t' => sb.Append("\\t"),
                '\r' => sb.Append("\\r"),
                < ' ' => sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => sb.Append(c),
            };
        }
        return sb.Append('"').ToString();
    }
}
