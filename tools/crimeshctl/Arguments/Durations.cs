using System.Globalization;

namespace CriMesh.Ctl.Arguments;

/// <summary>Durations in Go's notation, as crictl takes them: <c>10s</c>, <c>500ms</c>, <c>1m30s</c>, <c>1.5h</c>; a bare number is seconds.</summary>
internal static class Durations
{
    private static readonly (string Suffix, double Milliseconds)[] Units =
    [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
    ];

    public static TimeSpan Parse(string text)
    {
        var s = text.Trim();
        if (s.Length == 0)
        {
            throw new UsageException("empty duration (e.g. 10s, 500ms, 2m)");
        }

        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return Positive(TimeSpan.FromSeconds(seconds), text);
        }

        var total = 0.0;
        var pos = 0;
        // Each round consumes one "<number><unit>" group, so the loop ends within s.Length rounds.
        while (pos < s.Length)
        {
            var numberStart = pos;
            while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || s[pos] == '.'))
            {
                pos++;
            }

            var unitStart = pos;
            while (pos < s.Length && char.IsAsciiLetter(s[pos]))
            {
                pos++;
            }

            var number = s[numberStart..unitStart];
            var unit = s[unitStart..pos];
            var match = Units.FirstOrDefault(u => u.Suffix == unit);
            if (number.Length == 0 || match.Suffix is null
                || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw new UsageException($"invalid duration \"{text}\" (e.g. 10s, 500ms, 1m30s)");
            }

            total += value * match.Milliseconds;
        }

        return Positive(TimeSpan.FromMilliseconds(total), text);
    }

    private static TimeSpan Positive(TimeSpan value, string text) =>
        value > TimeSpan.Zero && value <= TimeSpan.FromDays(1)
            ? value
            : throw new UsageException($"duration \"{text}\" must be above zero and at most 24h");
}
