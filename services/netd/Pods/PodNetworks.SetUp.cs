using System.Text;
using System.Text.Json.Nodes;
using CriMesh.Common.Errors;
using CriMesh.Common.Operations;
using CriMesh.Netd.Cni;

namespace CriMesh.Netd.Pods;

public sealed partial class PodNetworks
{
    /// <summary>
    /// Record (state adding) → pin a new namespace → CNI ADD → record (state ready). Each step registers its
    /// undo; on any failure (including the caller giving up) DEL runs, the namespace is unpinned and the
    /// record removed. A second call for a pod already set up returns the same network.
    /// </summary>
    public async Task<PodRecord> SetUpAsync(PodSetup pod, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(pod.SandboxId, cancellationToken).ConfigureAwait(false);
        if (store.Get(pod.SandboxId) is { } existing)
        {
            return SameOrClash(existing, pod);
        }
        var state = configs.Load();
        if (!state.Ready)
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"network not ready: {state.Reason}: {state.Message}");
        }
        var config = state.Config!;
        var record = new PodRecord
        {
            SandboxId = pod.SandboxId,
            PodName = pod.PodName,
            PodNamespace = pod.PodNamespace,
            PodUid = pod.PodUid,
            State = PodRecord.StateAdding,
            NetnsPath = pins.PathOf(pod.SandboxId),
            IfName = options.CniInterface,
            ConfigPath = config.Path,
            NetworkName = config.Name,
            ConfigJson = Encoding.UTF8.GetString(config.Bytes),
            RuntimeArgsJson = pod.RuntimeArgs.ToJsonString(),
            Annotations = pod.Annotations,
            CreatedUnixNano = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100,
        };
        await using var undo = new UndoStack(logger);
        store.Put(record);
        undo.Push("pod record", () => store.Delete(pod.SandboxId));
        Failpoint.Hit("netd.setup.recorded");

        await pins.CreateAsync(pod.SandboxId).ConfigureAwait(false);
        undo.Push("network namespace", () => pins.Remove(pod.SandboxId));
        Failpoint.Hit("netd.setup.pinned");

        var call = CallFor(record);
        undo.Push("cni add", ct => DeleteQuietlyAsync(config, pod.RuntimeArgs, null, call, ct));
        var result = await cni.AddAsync(config, pod.RuntimeArgs, call, cancellationToken).ConfigureAwait(false);
        Failpoint.Hit("netd.setup.added");

        var ready = record with
        {
            State = PodRecord.StateReady,
            ResultJson = result.ToJsonString(),
            Ips = CniResult.PodIps(result),
        };
        store.Put(ready);
        undo.Commit();
        Log.PodSetUp(logger, pod.SandboxId, pod.PodNamespace, pod.PodName, string.Join(",", ready.Ips), config.Name);
        return ready;
    }

    private static PodRecord SameOrClash(PodRecord existing, PodSetup pod)
    {
        if (existing.PodName != pod.PodName || existing.PodNamespace != pod.PodNamespace || existing.PodUid != pod.PodUid)
        {
            throw new CriMeshException(ErrorKind.AlreadyExists,
                $"sandbox {pod.SandboxId} already has a network for pod {existing.PodNamespace}/{existing.PodName} (uid {existing.PodUid})");
        }
        return existing;
    }

    /// <summary>DEL for an undo or a reconcile: failures are logged, not thrown.</summary>
    private async Task DeleteQuietlyAsync(NetworkConfig config, JsonObject args, JsonObject? result, PluginCall call, CancellationToken cancellationToken)
    {
        try
        {
            await cni.DeleteAsync(config, args, result, call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CriMeshException or OperationCanceledException)
        {
            Log.CleanupDeleteFailed(logger, call.ContainerId, e.Message);
        }
    }
}
