using Tomlyn.Model;

namespace CriMesh.Common.Config;

/// <summary>The readers for the value types an options record may hold, with the wording of their errors.</summary>
public static class TomlValues
{
    public static bool String(object raw, out string value, out string expected) =>
        Is(raw is string s ? s : null, "a string", out value, out expected);

    public static bool Bool(object raw, out bool value, out string expected) =>
        IsValue(raw as bool?, "a boolean", out value, out expected);

    public static bool Long(object raw, out long value, out string expected) =>
        IsValue(raw as long?, "an integer", out value, out expected);

    public static bool Int(object raw, out int value, out string expected)
    {
        value = 0;
        if (raw is not long l)
        {
            expected = "an integer";
            return false;
        }
        if (l is < int.MinValue or > int.MaxValue)
        {
            expected = "an integer in the 32-bit range";
            return false;
        }
        value = (int)l;
        expected = "";
        return true;
    }

    /// <summary>A float, or an integer taken as one.</summary>
    public static bool Double(object raw, out double value, out string expected) =>
        IsValue(raw switch { double d => d, long l => l, _ => (double?)null }, "a number", out value, out expected);

    /// <summary>A non-negative duration string no longer than <see cref="Durations.Max"/> (<see cref="Durations"/>).</summary>
    public static bool Duration(object raw, out TimeSpan value, out string expected)
    {
        value = TimeSpan.Zero;
        if (raw is not string s)
        {
            expected = "a duration string such as \"30s\"";
            return false;
        }
        if (!Durations.TryParse(s, out value) || value < TimeSpan.Zero || value > Durations.Max)
        {
            value = TimeSpan.Zero;
            expected = $"a duration such as \"30s\", \"5m\" or \"250ms\", at most \"{Durations.Format(Durations.Max)}\" (the longest a timer can be armed for)";
            return false;
        }
        expected = "";
        return true;
    }

    /// <summary>A non-negative size: an integer of bytes or a string such as "64MiB" (<see cref="Sizes"/>).</summary>
    public static bool Size(object raw, out long value, out string expected)
    {
        value = 0;
        var ok = false;
        if (raw is long l && l >= 0)
        {
            (value, ok) = (l, true);
        }
        else if (raw is string s)
        {
            ok = Sizes.TryParse(s, out value);
        }
        expected = ok ? "" : "a size such as \"512MiB\" or \"64GiB\" (an integer of bytes, or KiB, MiB, GiB, TiB, below 8 EiB)";
        return ok;
    }

    public static bool Strings(object raw, out string[] value, out string expected)
    {
        var ok = raw is TomlArray array && array.All(x => x is string);
        return Is(ok ? ((TomlArray)raw).Cast<string>().ToArray() : null, "an array of strings", out value, out expected);
    }

    /// <summary>A table whose values are all strings.</summary>
    public static bool StringMap(object raw, out Dictionary<string, string> value, out string expected)
    {
        value = [];
        if (raw is not TomlTable table)
        {
            expected = "a table";
            return false;
        }
        if (!table.All(kv => kv.Value is string))
        {
            expected = "a table of strings";
            return false;
        }
        value = table.ToDictionary(kv => kv.Key, kv => (string)kv.Value, StringComparer.Ordinal);
        expected = "";
        return true;
    }

    /// <summary>How a value found in the file is named in an error: its TOML type and, for scalars, the value.</summary>
    public static string Describe(object value) => value switch
    {
        string s => $"string \"{s}\"",
        bool b => $"boolean {(b ? "true" : "false")}",
        long l => $"integer {l}",
        double d => $"number {d}",
        TomlArray => "an array",
        TomlTable => "a table",
        _ => value.GetType().Name,
    };

    private static bool Is<TValue>(TValue? found, string what, out TValue value, out string expected)
        where TValue : class
    {
        value = found!;
        expected = found is null ? what : "";
        return found is not null;
    }

    private static bool IsValue<TValue>(TValue? found, string what, out TValue value, out string expected)
        where TValue : struct
    {
        value = found.GetValueOrDefault();
        expected = found is null ? what : "";
        return found is not null;
    }
}
