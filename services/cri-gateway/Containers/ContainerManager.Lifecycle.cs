using CriMesh.Common.Errors;
using ConmonV1 = CriMesh.Protos.Conmon.V1;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    /// <summary>CREATED -> RUNNING through conmon; NotFound for an unknown ID.</summary>
    public async Task StartAsync(string containerId, CancellationToken ct)
    {
        var record = store.Resolve(containerId);
        await conmon.StartContainerAsync(new ConmonV1.StartContainerRequest { ContainerId = record.Id }, cancellationToken: ct)
            .ConfigureAwait(false);
        Log.ContainerStarted(logger, record.Id);
    }

    /// <summary>
    /// The image's stop signal, SIGKILL after <paramref name="timeoutSeconds"/>; returns once the process has
    /// exited. Unknown or already stopped containers succeed (the CRI's idempotent stop).
    /// </summary>
    public async Task StopAsync(string containerId, long timeoutSeconds, CancellationToken ct)
    {
        if (timeoutSeconds < 0) throw CriMeshException.Invalid($"StopContainer: timeout {timeoutSeconds} is negative");
        if (store.TryResolve(containerId) is not { } record) return;
        var state = await conmon.StopContainerAsync(new ConmonV1.StopContainerRequest
        {
            ContainerId = record.Id, TimeoutSeconds = timeoutSeconds, StopSignal = record.StopSignal,
        }, cancellationToken: ct).ConfigureAwait(false);
        Log.ContainerStopped(logger, record.Id, state.ExitCode);
    }

    /// <summary>Stops (SIGKILL at once) and removes a container; unknown IDs succeed (idempotent).</summary>
    public async Task RemoveAsync(string containerId, CancellationToken ct)
    {
        if (store.TryResolve(containerId) is not { } record) return;
        await RemoveRecordAsync(record, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// conmon's container (killed when still running), the root filesystem, the log file, the state dir, and
    /// last the record, so a crash in between leaves a record the retry can finish.
    /// </summary>
    private async Task RemoveRecordAsync(ContainerRecord record, CancellationToken ct)
    {
        await conmon.DeleteContainerAsync(new ConmonV1.DeleteContainerRequest { ContainerId = record.Id }, cancellationToken: ct)
            .ConfigureAwait(false);
        await storaged.RemoveRootfsAsync(new StoragedV1.RemoveRootfsRequest { ContainerId = record.Id }, cancellationToken: ct)
            .ConfigureAwait(false);
        if (record.LogPath.Length > 0) File.Delete(record.LogPath);
        if (Directory.Exists(record.StateDir)) Directory.Delete(record.StateDir, recursive: true);
        store.Delete(record.Id);
        Log.ContainerRemoved(logger, record.Id);
    }

    /// <summary>The containers of a pod (parked ones too: they go with the pod).</summary>
    public IReadOnlyList<ContainerRecord> OfPod(string sandboxId) =>
        store.All.Where(r => r.SandboxId == sandboxId).ToList();

    /// <summary>For StopPodSandbox: every container of the pod stopped, at once (kubelet already gave them their grace).</summary>
    public async Task StopPodAsync(string sandboxId, CancellationToken ct)
    {
        await Task.WhenAll(OfPod(sandboxId).Select(r => conmon.StopContainerAsync(new ConmonV1.StopContainerRequest
        {
            ContainerId = r.Id, TimeoutSeconds = 0, StopSignal = r.StopSignal,
        }, cancellationToken: ct).ResponseAsync)).ConfigureAwait(false);
    }

    /// <summary>For RemovePodSandbox: every container of the pod removed.</summary>
    public async Task RemovePodAsync(string sandboxId, CancellationToken ct)
    {
        foreach (var r in OfPod(sandboxId)) await RemoveRecordAsync(r, ct).ConfigureAwait(false);
    }
}
