namespace CriMesh.Gateway.Containers.Spec;

/// <summary>Reads <see cref="RuntimeFacts"/> from this process and the host (the runtime runs with the gateway's peers' rights).</summary>
public static class HostFacts
{
    /// <summary>The facts of this node, with the driver and pids limit from config.</summary>
    public static RuntimeFacts Read(string cgroupDriver, long pidsLimit, bool recursiveReadOnly)
    {
        var status = File.ReadAllLines("/proc/self/status");
        var bounding = status.FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal))?[7..].Trim() ?? "0";
        var v2 = File.Exists("/sys/fs/cgroup/cgroup.controllers");
        return new RuntimeFacts
        {
            HeldCapabilities = Capabilities.FromMask(bounding),
            OwnOomScoreAdj = int.Parse(File.ReadAllText("/proc/self/oom_score_adj").Trim(), System.Globalization.CultureInfo.InvariantCulture),
            CgroupDriver = cgroupDriver,
            CgroupV2 = v2,
            SwapAccounting = v2 || File.Exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"),
            RecursiveReadOnlyMounts = recursiveReadOnly,
            PidsLimit = pidsLimit,
        };
    }
}
