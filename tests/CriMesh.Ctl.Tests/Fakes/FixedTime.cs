namespace CriMesh.Ctl.Tests.Fakes;

/// <summary>A clock stopped at one instant, so "5 minutes ago" columns are deterministic.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>Unix nanoseconds of <paramref name="ago"/> before <paramref name="now"/>.</summary>
    public static long NanosBefore(DateTimeOffset now, TimeSpan ago) => (now - ago - DateTimeOffset.UnixEpoch).Ticks * 100;
}
