using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>struct timespec on 64-bit Linux.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Timespec(long Seconds, long Nanoseconds)
{
    /// <summary>The timespec of a point in time.</summary>
    public static Timespec From(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }
        return new Timespec(seconds, rest * 100);
    }
}
