using System.Globalization;

namespace CriMesh.Common.Config;

/// <summary>
/// Sizes in the config: a plain integer of bytes, or a string of an integer and a binary unit:
/// <c>"512KiB"</c>, <c>"64MiB"</c>, <c>"1GiB"</c>, <c>"2TiB"</c> (also <c>"B"</c>, or none for bytes). A size that does not fit
/// in 63 bits is not a size.
/// </summary>
public static class Sizes
{
    private static readonly (string Unit, int Shift)[] Units = [("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10), ("B", 0), ("", 0)];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var s = text.AsSpan().Trim();
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits]))
        {
            digits++;
        }
        if (digits == 0 || !long.TryParse(s[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        var unit = s[digits..].Trim();
        foreach (var (name, shift) in Units)
        {
            if (unit.SequenceEqual(name))
            {
                if (number > (long.MaxValue >> shift))
                {
                    return false;
                }
                bytes = number << shift;
                return true;
            }
        }
        return false;
    }

    /// <summary>The largest unit that states <paramref name="bytes"/> exactly, as <see cref="TryParse"/> reads it back.</summary>
    public static string Format(long bytes)
    {
        foreach (var (name, shift) in Units)
        {
            if (bytes != 0 && shift > 0 && bytes % (1L << shift) == 0)
            {
                return (bytes >> shift).ToString(CultureInfo.InvariantCulture) + name;
            }
        }
        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
