using System.Text.Json;
using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;
using ConmonV1 = CriMesh.Protos.Conmon.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Cap on each of stdout and stderr of ExecSync: 16 MiB, as CRI-O caps it. Output beyond it is dropped
    /// (the CRI response has no truncation flag; the cap is documented in README's API notes).
    /// </summary>
    public const long ExecSyncMaxOutputBytes = 16 << 20;

    /// <summary>ExecSync: FailedPrecondition unless running; DeadlineExceeded on timeout (the process is killed and reaped by conmon).</summary>
    public async Task<ExecSyncResponse> ExecSyncAsync(ExecSyncRequest request, CancellationToken ct)
    {
        var record = store.Resolve(request.ContainerId);
        if (request.Cmd.Count == 0 || request.Cmd[0].Length == 0) throw CriMeshException.Invalid("ExecSync: cmd is empty");
        if (request.Timeout < 0) throw CriMeshException.Invalid($"ExecSync: timeout {request.Timeout} is negative");
        await RequireRunningAsync(record, "ExecSync", ct).ConfigureAwait(false);
        var result = await conmon.ExecSyncAsync(new ConmonV1.ExecSyncRequest
        {
            ContainerId = record.Id, Cmd = { request.Cmd }, TimeoutSeconds = request.Timeout, MaxOutputBytes = ExecSyncMaxOutputBytes,
        }, cancellationToken: ct).ConfigureAwait(false);
        return new ExecSyncResponse { Stdout = result.Stdout, Stderr = result.Stderr, ExitCode = result.ExitCode };
    }

    /// <summary>UpdateContainerResources: `runc update` through conmon, then the record keeps the new limits.</summary>
    public async Task UpdateResourcesAsync(UpdateContainerResourcesRequest request, CancellationToken ct)
    {
        var record = store.Resolve(request.ContainerId);
        var linux = request.Linux ?? throw CriMeshException.Invalid("UpdateContainerResources: linux resources are missing");
        var resources = SpecBuilder.ToOci(linux, facts.Value);
        await conmon.UpdateResourcesAsync(new ConmonV1.UpdateResourcesRequest
        {
            ContainerId = record.Id, ResourcesJson = JsonSerializer.Serialize(resources, OciJson.Default.OciResources),
        }, cancellationToken: ct).ConfigureAwait(false);
        var config = record.Config.Clone();
        config.Linux ??= new LinuxContainerConfig();
        config.Linux.Resources = linux.Clone();
        foreach (var kv in request.Annotations) config.Annotations[kv.Key] = kv.Value;
        store.Put(record with { Config = config });
    }

    /// <summary>ReopenContainerLog: the monitor reopens the log file (after kubelet rotated it); FailedPrecondition unless running.</summary>
    public async Task ReopenLogAsync(string containerId, CancellationToken ct)
    {
        var record = store.Resolve(containerId);
        await RequireRunningAsync(record, "ReopenContainerLog", ct).ConfigureAwait(false);
        await conmon.ReopenLogAsync(new ConmonV1.ReopenLogRequest { ContainerId = record.Id }, cancellationToken: ct).ConfigureAwait(false);
    }

    private async Task RequireRunningAsync(ContainerRecord record, string rpc, CancellationToken ct)
    {
        var state = await TryStateAsync(record.Id, ct).ConfigureAwait(false);
        if (state?.Status != ConmonV1.ContainerStatus.Running)
            throw new CriMeshException(ErrorKind.FailedPrecondition,
                $"{rpc}: container {record.Id} is not running ({ContainerMapper.State(state)})");
    }
}
