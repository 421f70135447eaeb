using CriMesh.Common.Errors;
using CriMesh.Common.Operations;
using CriMesh.Netd.Cni;

namespace CriMesh.Netd.Pods;

public sealed partial class PodNetworks
{
    /// <summary>
    /// DEL from the cached config, arguments and result, then unpin the namespace and drop the record. A DEL
    /// failure is returned and everything kept, so a retry runs DEL again. Unknown pods succeed (a stray pin
    /// file of that ID is removed).
    /// </summary>
    public async Task TearDownAsync(string sandboxId, CancellationToken cancellationToken)
    {
        PodSetup.ValidateSandboxId(sandboxId);
        using var held = await LockAsync(sandboxId, cancellationToken).ConfigureAwait(false);
        var record = store.Get(sandboxId);
        if (record is null)
        {
            pins.Remove(sandboxId);
            return;
        }
        var (config, args, result) = Cached(record);
        var netnsGone = !Netns.NetnsPins.IsPinned(record.NetnsPath);
        await cni.DeleteAsync(config, args, result, CallFor(record, netnsGone), cancellationToken).ConfigureAwait(false);
        Failpoint.Hit("netd.teardown.deleted");
        pins.Remove(sandboxId);
        store.Delete(sandboxId);
        Log.PodTornDown(logger, sandboxId, record.PodNamespace, record.PodName);
    }

    /// <summary>CHECK with the cached result; the namespace must still be pinned.</summary>
    public async Task CheckAsync(string sandboxId, CancellationToken cancellationToken)
    {
        PodSetup.ValidateSandboxId(sandboxId);
        using var held = await LockAsync(sandboxId, cancellationToken).ConfigureAwait(false);
        var record = store.Get(sandboxId);
        if (record is not { State: PodRecord.StateReady })
        {
            throw CriMeshException.NotFound($"pod network {sandboxId} not found");
        }
        if (!Netns.NetnsPins.IsPinned(record.NetnsPath))
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"pod network {sandboxId}: namespace {record.NetnsPath} is no longer pinned");
        }
        var (config, args, result) = Cached(record);
        await cni.CheckAsync(config, args, result!, CallFor(record), cancellationToken).ConfigureAwait(false);
    }
}
