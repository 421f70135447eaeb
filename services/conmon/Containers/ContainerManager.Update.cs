using System.Text;
using System.Text.Json;
using CriMesh.Common.Errors;

namespace CriMesh.Conmon.Containers;

public sealed partial class ContainerManager
{
    /// <summary><c>runtime update --resources -</c> with OCI <c>linux.resources</c> JSON; created or running containers only.</summary>
    public async Task UpdateResourcesAsync(string id, string resourcesJson, CancellationToken ct)
    {
        var (record, _) = Require(id);
        try
        {
            using var doc = JsonDocument.Parse(resourcesJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw CriMeshException.Invalid("resources_json must be a JSON object (OCI linux.resources)");
            }
        }
        catch (JsonException e)
        {
            throw CriMeshException.Invalid($"resources_json is not valid JSON: {e.Message}");
        }
        if (record.Phase == ContainerPhase.Exited)
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"container {id} has exited; its resources cannot be updated");
        }
        await _runtime.UpdateAsync(_handlers.Resolve(record.Handler), id, Encoding.UTF8.GetBytes(resourcesJson), ct).ConfigureAwait(false);
        Log.ResourcesUpdated(_logger, id);
    }

    /// <summary>CPU, memory and pids from the container's cgroup; zeros once it has exited.</summary>
    public Protos.Conmon.V1.ContainerStats GetStats(string id)
    {
        var (record, _) = Require(id);
        var stats = record.Phase == ContainerPhase.Exited ? new Stats.CgroupSample() : Stats.CgroupFiles.Sample(record.ResolvedCgroup);
        return new Protos.Conmon.V1.ContainerStats
        {
            ContainerId = id,
            TimestampUnixNano = NowUnixNano(),
            CpuUsageNano = stats.CpuUsageNano,
            MemoryWorkingSetBytes = stats.MemoryWorkingSetBytes,
            MemoryUsageBytes = stats.MemoryUsageBytes,
            MemoryRssBytes = stats.MemoryRssBytes,
            MemoryPageFaults = stats.PageFaults,
            MemoryMajorPageFaults = stats.MajorPageFaults,
            Pids = stats.Pids,
            OomEvents = stats.OomKills,
        };
    }
}
