using System.Globalization;

namespace CriMesh.Conmon.Stats;

/// <summary>
/// Pure parsers for cgroup files, v1 and v2 (kernel Documentation/admin-guide/cgroup-v1/memory.rst and
/// cgroup-v2.rst): flat-keyed files ("key value" per line) and single values.
/// </summary>
public static class CgroupParsers
{
    /// <summary>A flat-keyed file (memory.stat, cpu.stat, memory.events, memory.oom_control) as a map.</summary>
    public static Dictionary<string, ulong> FlatKeyed(string text)
    {
        var map = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ');
            if (space > 0 && ulong.TryParse(line.AsSpan(space + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                map[line[..space]] = v;
            }
        }
        return map;
    }

    /// <summary>A single-value file; "max" and garbage read as 0.</summary>
    public static ulong Single(string text) =>
        ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    /// <summary>
    /// v1: cpuacct.usage (ns), memory.usage_in_bytes, memory.stat (total_* keys), memory.oom_control
    /// (oom_kill), pids.current. Working set = usage - total_inactive_file.
    /// </summary>
    public static CgroupSample V1(string cpuUsage, string memoryUsage, string memoryStat, string oomControl, string pidsCurrent)
    {
        var stat = FlatKeyed(memoryStat);
        var usage = Single(memoryUsage);
        var inactive = stat.GetValueOrDefault("total_inactive_file");
        return new CgroupSample
        {
            CpuUsageNano = Single(cpuUsage),
            MemoryUsageBytes = usage,
            MemoryWorkingSetBytes = usage > inactive ? usage - inactive : 0,
            MemoryRssBytes = stat.GetValueOrDefault("total_rss"),
            PageFaults = stat.GetValueOrDefault("total_pgfault"),
            MajorPageFaults = stat.GetValueOrDefault("total_pgmajfault"),
            Pids = Single(pidsCurrent),
            OomKills = FlatKeyed(oomControl).GetValueOrDefault("oom_kill"),
        };
    }

    /// <summary>
    /// v2: cpu.stat (usage_usec), memory.current, memory.stat (anon, inactive_file, pgfault, pgmajfault),
    /// memory.events (oom_kill), pids.current. Working set = current - inactive_file.
    /// </summary>
    public static CgroupSample V2(string cpuStat, string memoryCurrent, string memoryStat, string memoryEvents, string pidsCurrent)
    {
        var stat = FlatKeyed(memoryStat);
        var usage = Single(memoryCurrent);
        var inactive = stat.GetValueOrDefault("inactive_file");
        return new CgroupSample
        {
            CpuUsageNano = FlatKeyed(cpuStat).GetValueOrDefault("usage_usec") * 1000,
            MemoryUsageBytes = usage,
            MemoryWorkingSetBytes = usage > inactive ? usage - inactive : 0,
            MemoryRssBytes = stat.GetValueOrDefault("anon"),
            PageFaults = stat.GetValueOrDefault("pgfault"),
            MajorPageFaults = stat.GetValueOrDefault("pgmajfault"),
            Pids = Single(pidsCurrent),
            OomKills = FlatKeyed(memoryEvents).GetValueOrDefault("oom_kill"),
        };
    }

    /// <summary>
    /// The cgroup of a process from /proc/PID/cgroup (cgroups(7): "hierarchy-ID:controller-list:cgroup-path"):
    /// on v1 the memory controller's path, on a pure v2 host the "0::" line's path.
    /// </summary>
    public static string FromProcCgroup(string text, bool v2)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }
            if (v2 ? parts[0] == "0" && parts[1].Length == 0 : parts[1].Split(',').Contains("memory"))
            {
                return parts[2].Trim();
            }
        }
        return "";
    }
}
