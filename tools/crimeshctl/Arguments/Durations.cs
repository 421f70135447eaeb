using System.Globalization;

namespace CriMesh.Ctl.Arguments;

/// <summary>Durations in Go's notation, as crictl takes them: <c>10s</c>, <c>500ms</c>, <c>1m30s</c>, <c>1.5h</c>; a bare number is seconds.</summary>
internal static class Durations
{
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

        // Unit strings share the config's notation; only the bare-number form above is crictl's own.
        return CriMesh.Common.Config.Durations.TryParse(s, out var value)
            ? Positive(value, text)
            : throw new UsageException($"invalid duration \"{text}\" (e.g. 10s, 500ms, 1m30s)");
    }

    private static TimeSpan Positive(TimeSpan value, string text) =>
        value > TimeSpan.Zero && value <= TimeSpan.FromDays(1)
            ? value
            : throw new UsageException($"duration \"{text}\" must be above zero and at most 24h");
}
