using System.Text.RegularExpressions;
using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Containers.Spec;

public sealed partial class SpecBuilder
{
    private void BuildResources()
    {
        spec.Linux.CgroupsPath = CgroupPath(facts.CgroupDriver, input.Pod.CgroupParent, input.ContainerId);
        var requested = config.Linux?.Resources;
        var resources = ToOci(requested ?? new LinuxContainerResources(), facts);
        resources.Devices = spec.Linux.Resources.Devices;
        spec.Linux.Resources = resources;
        spec.Process.OomScoreAdj = ClampOomScoreAdj(requested?.OomScoreAdj ?? 0, facts);
    }

    /// <summary>
    /// oom_score_adj as asked, but never below the runtime's own value when the runtime lacks
    /// CAP_SYS_RESOURCE (the kernel would refuse it); InvalidArgument outside -1000..1000.
    /// </summary>
    public static int ClampOomScoreAdj(long requested, RuntimeFacts facts)
    {
        if (requested is < -1000 or > 1000) throw CriMeshException.Invalid($"oom_score_adj {requested} is outside -1000..1000");
        var value = (int)requested;
        return !facts.Holds("CAP_SYS_RESOURCE") && value < facts.OwnOomScoreAdj ? facts.OwnOomScoreAdj : value;
    }

    /// <summary>CRI resources as OCI <c>linux.resources</c> (also the body of UpdateContainerResources).</summary>
    public static OciResources ToOci(LinuxContainerResources r, RuntimeFacts facts)
    {
        Validate(r, facts);
        var resources = new OciResources();
        if (r.CpuShares > 0 || r.CpuQuota != 0 || r.CpuPeriod > 0 || r.CpusetCpus.Length > 0 || r.CpusetMems.Length > 0)
        {
            resources.Cpu = new OciCpu
            {
                Shares = r.CpuShares > 0 ? (ulong)r.CpuShares : null,
                Quota = r.CpuQuota != 0 ? r.CpuQuota : null,
                Period = r.CpuPeriod > 0 ? (ulong)r.CpuPeriod : null,
                Cpus = r.CpusetCpus.Length > 0 ? r.CpusetCpus : null,
                Mems = r.CpusetMems.Length > 0 ? r.CpusetMems : null,
            };
        }
        if (r.MemoryLimitInBytes > 0)
        {
            // No swap beyond the limit unless kubelet asks for some (and only where swap is accounted).
            var swap = r.MemorySwapLimitInBytes > 0 ? r.MemorySwapLimitInBytes : r.MemoryLimitInBytes;
            resources.Memory = new OciMemory { Limit = r.MemoryLimitInBytes, Swap = facts.SwapAccounting ? swap : null };
        }
        if (r.HugepageLimits.Count > 0)
        {
            resources.HugepageLimits = r.HugepageLimits.Select(h => new OciHugepageLimit { PageSize = h.PageSize, Limit = h.Limit }).ToList();
        }
        if (facts.PidsLimit > 0) resources.Pids = new OciPids { Limit = facts.PidsLimit };
        if (r.Unified.Count > 0) resources.Unified = new SortedDictionary<string, string>(r.Unified, StringComparer.Ordinal);
        return resources;
    }

    private static void Validate(LinuxContainerResources r, RuntimeFacts facts)
    {
        if (r.CpuShares < 0 || r.CpuPeriod < 0 || r.MemoryLimitInBytes < 0 || r.MemorySwapLimitInBytes < 0)
            throw CriMeshException.Invalid("cpu_shares, cpu_period and memory limits must not be negative");
        if (r.MemoryLimitInBytes is > 0 and < 6 * 1024 * 1024)
            throw CriMeshException.Invalid($"memory limit {r.MemoryLimitInBytes} is below the 6 MiB a container needs to start");
        if (r.CpuQuota is > 0 and < 1000) throw CriMeshException.Invalid($"cpu_quota {r.CpuQuota} is below the kernel's 1000 us minimum");
        foreach (var set in new[] { r.CpusetCpus, r.CpusetMems })
        {
            if (set.Length > 0 && !CpuSet().IsMatch(set)) throw CriMeshException.Invalid($"bad cpuset \"{set}\"");
        }
        foreach (var h in r.HugepageLimits)
        {
            if (!PageSize().IsMatch(h.PageSize)) throw CriMeshException.Invalid($"bad hugepage size \"{h.PageSize}\"");
        }
        if (r.Unified.Count > 0 && !facts.CgroupV2) throw CriMeshException.Invalid("unified cgroup resources need a cgroup v2 host");
        foreach (var key in r.Unified.Keys)
        {
            if (key.Contains('/') || key.StartsWith('.') || !key.Contains('.'))
                throw CriMeshException.Invalid($"bad unified cgroup key \"{key}\"");
        }
    }

    [GeneratedRegex(@"^\d+(-\d+)?(,\d+(-\d+)?)*$")]
    private static partial Regex CpuSet();

    [GeneratedRegex(@"^\d+(KB|MB|GB|TB|PB)$")]
    private static partial Regex PageSize();
}
