using System.Globalization;

namespace CriMesh.Ctl.Output;

/// <summary>Sizes, ages and IDs shortened for tables.</summary>
internal static class Humanize
{
    private const int ShortIdLength = 13;
    private static readonly string[] SizeUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];

    /// <summary>Decimal units with three significant digits: 999B, 1.23kB, 4.5MB.</summary>
    public static string Size(double bytes)
    {
        if (bytes < 0)
        {
            return "-" + Size(-bytes);
        }

        var unit = 0;
        var value = RoundSignificant(bytes);
        while (value >= 1000 && unit < SizeUnits.Length - 1)
        {
            value = RoundSignificant(value / 1000);
            unit++;
        }

        return value.ToString("0.##", CultureInfo.InvariantCulture) + SizeUnits[unit];
    }

    /// <summary>How long ago <paramref name="unixNanos"/> was, in words: "5 minutes ago".</summary>
    public static string Ago(long unixNanos, DateTimeOffset now)
    {
        if (unixNanos <= 0)
        {
            return "";
        }

        var then = DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);
        return Duration(now - then) + " ago";
    }

    /// <summary>A rough duration in words, coarser the longer it is.</summary>
    public static string Duration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        var minutes = (long)d.TotalMinutes;
        var hours = (long)Math.Round(d.TotalHours);
        return d switch
        {
            _ when seconds < 1 => "Less than a second",
            _ when seconds == 1 => "1 second",
            _ when seconds < 60 => $"{seconds} seconds",
            _ when minutes == 1 => "About a minute",
            _ when minutes < 60 => $"{minutes} minutes",
            _ when hours == 1 => "About an hour",
            _ when hours < 48 => $"{hours} hours",
            _ when hours < 24 * 14 => $"{hours / 24} days",
            _ when hours < 24 * 60 => $"{hours / 24 / 7} weeks",
            _ when hours < 24 * 365 * 2 => $"{hours / 24 / 30} months",
            _ => $"{hours / 24 / 365} years",
        };
    }

    /// <summary>An ID cut to 13 characters, without its <c>sha256:</c> prefix.</summary>
    public static string ShortId(string id)
    {
        var bare = id.StartsWith("sha256:", StringComparison.Ordinal) ? id["sha256:".Length..] : id;
        return bare.Length <= ShortIdLength ? bare : bare[..ShortIdLength];
    }

    private static double RoundSignificant(double value)
    {
        if (value == 0)
        {
            return 0;
        }

        var digits = 3 - (int)Math.Floor(Math.Log10(value)) - 1;
        return digits >= 0 ? Math.Round(value, Math.Min(digits, 15)) : Math.Round(value / Math.Pow(10, -digits)) * Math.Pow(10, -digits);
    }
}
