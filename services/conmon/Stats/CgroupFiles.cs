using System.Globalization;

namespace CriMesh.Conmon.Stats;

/// <summary>Reads a container's cgroup files on this host (v1 hybrid or v2 unified).</summary>
public static class CgroupFiles
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>True on a pure cgroup v2 host (cgroup.controllers at the root).</summary>
    public static bool IsV2 { get; } = File.Exists(Path.Combine(Root, "cgroup.controllers"));

    public static string Version => IsV2 ? "v2" : "v1";

    /// <summary>The container's cgroup path (memory controller on v1) from /proc, or "" when it is gone.</summary>
    public static string ResolveFromProc(int pid)
    {
        try
        {
            return CgroupParsers.FromProcCgroup(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup"), IsV2);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return "";
        }
    }

    public static CgroupSample Sample(string cgroup)
    {
        if (cgroup.Length == 0)
        {
            return new CgroupSample();
        }
        var rel = cgroup.TrimStart('/');
        return IsV2
            ? CgroupParsers.V2(Read(rel, "cpu.stat"), Read(rel, "memory.current"), Read(rel, "memory.stat"),
                Read(rel, "memory.events"), Read(rel, "pids.current"))
            : CgroupParsers.V1(Read("cpuacct/" + rel, "cpuacct.usage"), Read("memory/" + rel, "memory.usage_in_bytes"),
                Read("memory/" + rel, "memory.stat"), Read("memory/" + rel, "memory.oom_control"), Read("pids/" + rel, "pids.current"));
    }

    /// <summary>OOM kills recorded in the container's memory cgroup (0 when it is gone).</summary>
    public static ulong OomKillCount(string cgroup)
    {
        if (cgroup.Length == 0)
        {
            return 0;
        }
        var rel = cgroup.TrimStart('/');
        return IsV2
            ? CgroupParsers.FlatKeyed(Read(rel, "memory.events")).GetValueOrDefault("oom_kill")
            : CgroupParsers.FlatKeyed(Read("memory/" + rel, "memory.oom_control")).GetValueOrDefault("oom_kill");
    }

    private static string Read(string dir, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(Root, dir, file));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return "";
        }
    }
}
