using System.Globalization;
using System.Text;

namespace CriMesh.Common.Config;

/// <summary>Writes effective options back as TOML, so <c>--print-config</c> shows exactly what a daemon runs with.</summary>
public static class ConfigPrinter
{
    public static string Print<T>(NodeOptions node, string table, T options)
        where T : class, IBindableOptions<T>, new()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# effective configuration (defaults merged with crimesh.toml and its drop-ins)");
        WriteScalars(sb, node, "");
        WriteTable(sb, table, options);
        return sb.ToString();
    }

    /// <summary>Writes <c>[name]</c>, its scalar keys, then its sub-tables.</summary>
    internal static void WriteTable<T>(StringBuilder sb, string name, T options)
        where T : class, IBindableOptions<T>, new()
    {
        sb.AppendLine().Append('[').Append(name).AppendLine("]");
        WriteScalars(sb, options, name);
        foreach (var field in T.Schema.Fields.Where(f => f.IsTable))
        {
            field.Write(sb, options, name);
        }
    }

    private static void WriteScalars<T>(StringBuilder sb, T options, string name)
        where T : class, IBindableOptions<T>, new()
    {
        foreach (var field in T.Schema.Fields.Where(f => !f.IsTable))
        {
            field.Write(sb, options, name);
        }
    }

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
