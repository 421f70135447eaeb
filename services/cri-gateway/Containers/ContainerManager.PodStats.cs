using CriMesh.Common.Errors;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    /// <summary>PodSandboxStats: the sum of the pod's containers (CPU, memory, processes) plus each container's own.</summary>
    public async Task<PodSandboxStats> PodStatsAsync(string sandboxId, CancellationToken ct)
    {
        var pod = pods.Find(sandboxId) ?? throw CriMeshException.NotFound($"pod sandbox \"{sandboxId}\" not found");
        return await PodStatsOfAsync(pod, ct).ConfigureAwait(false);
    }

    /// <summary>ListPodSandboxStats over the pods that the containers know of, filtered by pod ID prefix and labels.</summary>
    public async Task<IReadOnlyList<PodSandboxStats>> ListPodStatsAsync(PodSandboxStatsFilter? filter, IEnumerable<string> podIds, CancellationToken ct)
    {
        var chosen = podIds
            .Where(id => string.IsNullOrEmpty(filter?.Id) || id.StartsWith(filter.Id, StringComparison.Ordinal))
            .Select(pods.Find).OfType<PodView>()
            .Where(p => filter?.LabelSelector is null || ContainerMapper.Matches(p.Labels.ToDictionary(), filter.LabelSelector))
            .ToList();
        return await Task.WhenAll(chosen.Select(p => PodStatsOfAsync(p, ct))).ConfigureAwait(false);
    }

    private async Task<PodSandboxStats> PodStatsOfAsync(PodView pod, CancellationToken ct)
    {
        var containers = await ListStatsAsync(new ContainerStatsFilter { PodSandboxId = pod.Context.SandboxId }, ct).ConfigureAwait(false);
        var now = NowNs();
        var linux = new LinuxPodSandboxStats
        {
            Cpu = new CpuUsage
            {
                Timestamp = now,
                UsageCoreNanoSeconds = new UInt64Value { Value = Sum(containers, c => c.Cpu?.UsageCoreNanoSeconds) },
                UsageNanoCores = new UInt64Value { Value = Sum(containers, c => c.Cpu?.UsageNanoCores) },
            },
            Memory = new MemoryUsage
            {
                Timestamp = now,
                WorkingSetBytes = new UInt64Value { Value = Sum(containers, c => c.Memory?.WorkingSetBytes) },
                UsageBytes = new UInt64Value { Value = Sum(containers, c => c.Memory?.UsageBytes) },
                RssBytes = new UInt64Value { Value = Sum(containers, c => c.Memory?.RssBytes) },
            },
            Containers = { containers },
        };
        return new PodSandboxStats
        {
            Attributes = new PodSandboxAttributes
            {
                Id = pod.Context.SandboxId, Metadata = pod.Metadata, Labels = { pod.Labels.ToDictionary() }, Annotations = { pod.Annotations.ToDictionary() },
            },
            Linux = linux,
        };
    }

    private static ulong Sum(IEnumerable<ContainerStats> stats, Func<ContainerStats, UInt64Value?> pick) =>
        stats.Aggregate(0UL, (sum, s) => sum + (pick(s)?.Value ?? 0));
}
