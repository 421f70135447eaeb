using System.Globalization;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// A process named by PID and start time (field 22 of /proc/PID/stat, proc(5)), so a recycled PID is never
/// mistaken for the process the gateway started.
/// </summary>
public static class ProcessIdentity
{
    /// <summary>The start time in clock ticks since boot, or null when the process is gone.</summary>
    public static ulong? StartTicks(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return ParseStartTicks(text);
    }

    /// <summary>Field 22 (starttime); the command name (field 2) may hold spaces and ')' so fields count from the last ')'.</summary>
    public static ulong? ParseStartTicks(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        var rest = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // rest[0] is field 3 (state); field 22 is rest[19].
        return rest.Length > 19 && ulong.TryParse(rest[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    /// <summary>True while the process runs (not gone, not a zombie) and is still the one with that start time.</summary>
    public static bool IsAlive(int pid, ulong startTicks) =>
        pid > 0 && StartTicks(pid) == startTicks && CriMesh.Linux.ProcFs.ProcStat.State(pid) is not (null or 'Z' or 'X');
}
