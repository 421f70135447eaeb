using System.Collections.Concurrent;
using CriMesh.Common.Errors;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using ConmonV1 = CriMesh.Protos.Conmon.V1;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    /// <summary>The previous CPU sample per container, for usage_nano_cores (a rate needs two samples).</summary>
    private readonly ConcurrentDictionary<string, (ulong CpuNs, long AtNs)> cpuSamples = new(StringComparer.Ordinal);

    public async Task<ContainerStats> StatsAsync(string containerId, CancellationToken ct) =>
        await StatsOfAsync(store.Resolve(containerId), ct).ConfigureAwait(false)
        ?? throw new CriMeshException(ErrorKind.FailedPrecondition, $"container {containerId} has no cgroup to read (not running)");

    public async Task<IReadOnlyList<ContainerStats>> ListStatsAsync(ContainerStatsFilter? filter, CancellationToken ct)
    {
        var records = store.All.Where(r => !r.Parked && Passes(r, filter?.Id, filter?.PodSandboxId, filter?.LabelSelector)).ToList();
        var stats = await Task.WhenAll(records.Select(r => StatsOfAsync(r, ct))).ConfigureAwait(false);
        return stats.OfType<ContainerStats>().ToList();
    }

    /// <summary>One container's CPU, memory and writable layer; null when conmon has no cgroup for it (gone or never started).</summary>
    private async Task<ContainerStats?> StatsOfAsync(ContainerRecord r, CancellationToken ct)
    {
        ConmonV1.ContainerStats cs;
        try
        {
            cs = await conmon.GetContainerStatsAsync(new ConmonV1.GetContainerStatsRequest { ContainerId = r.Id }, cancellationToken: ct)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is CriMeshException { Kind: ErrorKind.NotFound or ErrorKind.FailedPrecondition }
                                  or RpcException { StatusCode: StatusCode.NotFound or StatusCode.FailedPrecondition })
        {
            return null;
        }
        var stats = new ContainerStats
        {
            Attributes = new ContainerAttributes
            {
                Id = r.Id, Metadata = r.Metadata, Labels = { r.Config.Labels }, Annotations = { r.Config.Annotations },
            },
            Cpu = Cpu(r.Id, cs),
            Memory = Memory(cs),
        };
        stats.WritableLayer = await WritableLayerAsync(r.Id, ct).ConfigureAwait(false);
        return stats;
    }

    private CpuUsage Cpu(string id, ConmonV1.ContainerStats cs)
    {
        var usage = new CpuUsage { Timestamp = cs.TimestampUnixNano, UsageCoreNanoSeconds = new UInt64Value { Value = cs.CpuUsageNano } };
        var previous = cpuSamples.GetValueOrDefault(id);
        cpuSamples[id] = (cs.CpuUsageNano, cs.TimestampUnixNano);
        if (previous.AtNs > 0 && cs.TimestampUnixNano > previous.AtNs && cs.CpuUsageNano >= previous.CpuNs)
        {
            var cores = (double)(cs.CpuUsageNano - previous.CpuNs) / (cs.TimestampUnixNano - previous.AtNs) * 1e9;
            usage.UsageNanoCores = new UInt64Value { Value = (ulong)cores };
        }
        return usage;
    }

    private static MemoryUsage Memory(ConmonV1.ContainerStats cs) => new()
    {
        Timestamp = cs.TimestampUnixNano,
        WorkingSetBytes = new UInt64Value { Value = cs.MemoryWorkingSetBytes },
        UsageBytes = new UInt64Value { Value = cs.MemoryUsageBytes },
        RssBytes = new UInt64Value { Value = cs.MemoryRssBytes },
        PageFaults = new UInt64Value { Value = cs.MemoryPageFaults },
        MajorPageFaults = new UInt64Value { Value = cs.MemoryMajorPageFaults },
    };

    private async Task<FilesystemUsage?> WritableLayerAsync(string id, CancellationToken ct)
    {
        try
        {
            var u = await storaged.RootfsUsageAsync(new StoragedV1.RootfsUsageRequest { ContainerId = id }, cancellationToken: ct)
                .ConfigureAwait(false);
            return new FilesystemUsage
            {
                Timestamp = u.TimestampUnixNano, FsId = new FilesystemIdentifier { Mountpoint = store.Directory },
                UsedBytes = new UInt64Value { Value = (ulong)Math.Max(0, u.UsedBytes) },
                InodesUsed = new UInt64Value { Value = (ulong)Math.Max(0, u.InodesUsed) },
            };
        }
        catch (Exception e) when (e is CriMeshException { Kind: ErrorKind.NotFound } or RpcException { StatusCode: StatusCode.NotFound })
        {
            return null;
        }
    }
}
