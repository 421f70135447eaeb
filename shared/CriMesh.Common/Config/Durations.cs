using System.Globalization;
using System.Text;

namespace CriMesh.Common.Config;

/// <summary>
/// Durations in the config are strings of number+unit pairs, as Go and systemd write them:
/// <c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>. Units: ms, s, m, h.
/// </summary>
public static class Durations
{
    /// <summary>
    /// The longest duration a config key may hold: the longest a timer can be armed for (a
    /// CancellationTokenSource, Task.Delay or Timer take at most 2^32-2 ms, about 49.7 days). Every duration
    /// key is a timeout or an interval, so a longer one could never be used; it is refused at start.
    /// </summary>
    public static readonly TimeSpan Max = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// The longest timeout an <c>HttpClient</c> or a socket connect accepts (2^31-1 ms, about 24.8 days), for
    /// keys that end up there.
    /// </summary>
    public static readonly TimeSpan MaxHttp = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>
    /// Parses <paramref name="text"/>; false when it is malformed or does not fit a <see cref="TimeSpan"/>
    /// (a number of hundreds of digits is a syntax error here, never an overflow exception).
    /// </summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return false;
        }
        var total = 0.0;
        while (!s.IsEmpty)
        {
            var digits = 0;
            while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.'))
            {
                digits++;
            }
            if (digits == 0 || !double.TryParse(s[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            s = s[digits..];
            var unit = 0;
            while (unit < s.Length && char.IsAsciiLetter(s[unit]))
            {
                unit++;
            }
            double? ms = s[..unit] switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => null,
            };
            if (ms is null)
            {
                return false;
            }
            total += number * ms.Value;
            s = s[unit..];
        }
        if (!double.IsFinite(total) || total >= TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Formats a duration the way <see cref="TryParse"/> reads it back.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        var sb = new StringBuilder();
        if (value.Hours + (value.Days * 24) > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.Hours + (value.Days * 24)}h");
        }
        if (value.Minutes > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        }
        if (value.Seconds > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.Seconds}s");
        }
        if (value.Milliseconds > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.Milliseconds}ms");
        }
        return sb.ToString();
    }
}
