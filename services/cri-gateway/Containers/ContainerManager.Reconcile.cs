using CriMesh.Common.Errors;
using Grpc.Core;
using ConmonV1 = CriMesh.Protos.Conmon.V1;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// At start: a crash between conmon's create and the record's write leaves a conmon container, a root
    /// filesystem and a state dir that no record names; they are removed. Peers that do not answer within
    /// a minute are skipped (their leftovers are found at the next start).
    /// </summary>
    private async Task ReconcileAsync(CancellationToken ct)
    {
        // Bounded: one try a second for a minute while conmon and storaged come up.
        for (var attempt = 0; attempt < 60 && !ct.IsCancellationRequested; attempt++)
        {
            if (await TryReconcileAsync(ct, last: attempt == 59).ConfigureAwait(false)) return;
            try { await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>A record, or a create at work (which writes its record last), names this ID.</summary>
    private bool Known(string id) => store.Get(id) is not null || creating.ContainsKey(id);

    private async Task<bool> TryReconcileAsync(CancellationToken ct, bool last)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var listed = await conmon.ListContainersAsync(new ConmonV1.ListContainersRequest(), cancellationToken: cts.Token).ConfigureAwait(false);
            foreach (var orphan in listed.Containers.Where(c => !Known(c.ContainerId)))
            {
                await conmon.DeleteContainerAsync(new ConmonV1.DeleteContainerRequest { ContainerId = orphan.ContainerId }, cancellationToken: cts.Token)
                    .ConfigureAwait(false);
                Log.ContainerOrphanRemoved(logger, orphan.ContainerId);
            }
            var rootfs = await storaged.ListRootfsAsync(new StoragedV1.ListRootfsRequest(), cancellationToken: cts.Token).ConfigureAwait(false);
            foreach (var orphan in rootfs.Filesystems.Where(f => f.Labels.ContainsKey(RootfsOwnerLabel) && !Known(f.ContainerId)))
            {
                await storaged.RemoveRootfsAsync(new StoragedV1.RemoveRootfsRequest { ContainerId = orphan.ContainerId }, cancellationToken: cts.Token)
                    .ConfigureAwait(false);
                Log.ContainerOrphanRemoved(logger, orphan.ContainerId);
            }
            foreach (var dir in Directory.EnumerateDirectories(store.Directory).Where(d => !Known(Path.GetFileName(d))))
                Directory.Delete(dir, recursive: true);
            return true;
        }
        catch (Exception e) when (e is CriMeshException or RpcException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            if (last) Log.ContainerUndoFailed(logger, "*", "reconcile at start", e.Message);
            return false;
        }
    }
}
