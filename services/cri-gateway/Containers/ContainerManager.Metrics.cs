using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    private static readonly string[] ContainerLabelKeys = ["container", "id", "image", "name", "namespace", "pod"];

    /// <summary>The metrics ListPodSandboxMetrics reports, named as cAdvisor names them (kubelet's /metrics/cadvisor).</summary>
    public static IReadOnlyList<MetricDescriptor> Descriptors { get; } =
    [
        new() { Name = "container_cpu_usage_seconds_total", Help = "Cumulative cpu time consumed in seconds.", LabelKeys = { ContainerLabelKeys } },
        new() { Name = "container_memory_working_set_bytes", Help = "Current working set in bytes.", LabelKeys = { ContainerLabelKeys } },
        new() { Name = "container_memory_usage_bytes", Help = "Current memory usage in bytes.", LabelKeys = { ContainerLabelKeys } },
        new() { Name = "container_memory_rss", Help = "Size of RSS in bytes.", LabelKeys = { ContainerLabelKeys } },
        new() { Name = "container_fs_usage_bytes", Help = "Bytes used by the container's writable layer.", LabelKeys = { ContainerLabelKeys } },
    ];

    /// <summary>ListPodSandboxMetrics: per pod, per container, the metrics of <see cref="Descriptors"/>.</summary>
    public async Task<IReadOnlyList<PodSandboxMetrics>> PodMetricsAsync(IEnumerable<string> podIds, CancellationToken ct)
    {
        var result = new List<PodSandboxMetrics>();
        foreach (var id in podIds)
        {
            if (pods.Find(id) is not { } pod) continue;
            var stats = await ListStatsAsync(new ContainerStatsFilter { PodSandboxId = id }, ct).ConfigureAwait(false);
            var metrics = new PodSandboxMetrics { PodSandboxId = id };
            foreach (var s in stats) metrics.ContainerMetrics.Add(ContainerMetricsOf(pod, s));
            result.Add(metrics);
        }
        return result;
    }

    private ContainerMetrics ContainerMetricsOf(PodView pod, ContainerStats s)
    {
        var r = store.Get(s.Attributes.Id);
        string[] labels = [s.Attributes.Metadata?.Name ?? "", s.Attributes.Id, r?.ImageName ?? "", s.Attributes.Metadata?.Name ?? "",
            pod.Metadata?.Namespace ?? "", pod.Metadata?.Name ?? ""];
        Metric M(string name, MetricType type, long at, ulong value) => new()
        {
            Name = name, Timestamp = at, MetricType = type, LabelValues = { labels }, Value = new UInt64Value { Value = value },
        };
        var m = new ContainerMetrics { ContainerId = s.Attributes.Id };
        m.Metrics.Add(M("container_cpu_usage_seconds_total", MetricType.Counter, s.Cpu.Timestamp, (s.Cpu.UsageCoreNanoSeconds?.Value ?? 0) / 1_000_000_000));
        m.Metrics.Add(M("container_memory_working_set_bytes", MetricType.Gauge, s.Memory.Timestamp, s.Memory.WorkingSetBytes?.Value ?? 0));
        m.Metrics.Add(M("container_memory_usage_bytes", MetricType.Gauge, s.Memory.Timestamp, s.Memory.UsageBytes?.Value ?? 0));
        m.Metrics.Add(M("container_memory_rss", MetricType.Gauge, s.Memory.Timestamp, s.Memory.RssBytes?.Value ?? 0));
        if (s.WritableLayer is { } fs) m.Metrics.Add(M("container_fs_usage_bytes", MetricType.Gauge, fs.Timestamp, fs.UsedBytes?.Value ?? 0));
        return m;
    }
}
