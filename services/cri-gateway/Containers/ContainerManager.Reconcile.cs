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
    /// 10 s are skipped (their leftovers are found at the next start).
    /// </summary>
    private async Task ReconcileAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var known = store.All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var listed = await conmon.ListContainersAsync(new ConmonV1.ListContainersRequest(), cancellationToken: cts.Token).ConfigureAwait(false);
            foreach (var orphan in listed.Containers.Where(c => !known.Contains(c.ContainerId)))
            {
                await conmon.DeleteContainerAsync(new ConmonV1.DeleteContainerRequest { ContainerId = orphan.ContainerId }, cancellationToken: cts.Token)
                    .ConfigureAwait(false);
                Log.ContainerOrphanRemoved(logger, orphan.ContainerId);
            }
            var rootfs = await storaged.ListRootfsAsync(new StoragedV1.ListRootfsRequest(), cancellationToken: cts.Token).ConfigureAwait(false);
            foreach (var orphan in rootfs.Filesystems.Where(f => f.Labels.ContainsKey(RootfsOwnerLabel) && !known.Contains(f.ContainerId)))
            {
                await storaged.RemoveRootfsAsync(new StoragedV1.RemoveRootfsRequest { ContainerId = orphan.ContainerId }, cancellationToken: cts.Token)
                    .ConfigureAwait(false);
                Log.ContainerOrphanRemoved(logger, orphan.ContainerId);
            }
            foreach (var dir in Directory.EnumerateDirectories(store.Directory).Where(d => !known.Contains(Path.GetFileName(d))))
                Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is CriMeshException or RpcException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            Log.ContainerUndoFailed(logger, "*", "reconcile at start", e.Message);
        }
    }
}
