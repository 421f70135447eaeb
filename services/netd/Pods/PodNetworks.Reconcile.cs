using CriMesh.Netd.Cni;

namespace CriMesh.Netd.Pods;

public sealed partial class PodNetworks
{
    /// <summary>
    /// At start, before any call is served: a record still "adding" (killed mid-ADD) or whose namespace is
    /// no longer pinned (the pod is gone, e.g. after a reboot) is torn down from its cache (DEL, unpin, drop);
    /// a pin without a record is unpinned. What remains is exactly the pods that still have a network.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        pins.Prepare();
        var records = store.LoadAll();
        var pinned = pins.List().ToDictionary(p => p.SandboxId, p => p.Mounted, StringComparer.Ordinal);
        var kept = 0;
        foreach (var record in records)
        {
            var mounted = pinned.GetValueOrDefault(record.SandboxId);
            if (record.State == PodRecord.StateReady && mounted)
            {
                kept++;
                continue;
            }
            var reason = record.State == PodRecord.StateReady ? "namespace no longer pinned" : "set-up was interrupted";
            Log.ReconcileTearDown(logger, record.SandboxId, reason);
            try
            {
                var (config, args, result) = Cached(record);
                await DeleteQuietlyAsync(config, args, result, CallFor(record, netnsGone: !mounted), cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                Log.CleanupDeleteFailed(logger, record.SandboxId, e.Message);
            }
            pins.Remove(record.SandboxId);
            store.Delete(record.SandboxId);
        }
        var known = records.Select(r => r.SandboxId).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, _) in pinned)
        {
            if (!known.Contains(id))
            {
                Log.ReconcileUnpinned(logger, id);
                await DeleteStrayAsync(id, cancellationToken).ConfigureAwait(false);
                pins.Remove(id);
            }
        }
        Log.Reconciled(logger, kept, records.Count - kept);
    }

    /// <summary>
    /// A pin without a record (killed between pinning and recording, or a lost record): nothing says what
    /// ADD ran, so DEL with the current config, the best guess, releases what a plugin keyed by the ID holds.
    /// </summary>
    private async Task DeleteStrayAsync(string sandboxId, CancellationToken cancellationToken)
    {
        var state = configs.Load();
        if (!state.Ready || !PodSetupIsValidId(sandboxId))
        {
            return;
        }
        var call = new PluginCall(sandboxId, pins.PathOf(sandboxId), options.CniInterface, PluginCall.KubernetesArgs("", "", sandboxId, ""));
        await DeleteQuietlyAsync(state.Config!, [], null, call, cancellationToken).ConfigureAwait(false);
    }

    private static bool PodSetupIsValidId(string sandboxId)
    {
        try
        {
            PodSetup.ValidateSandboxId(sandboxId);
            return true;
        }
        catch (Common.Errors.CriMeshException)
        {
            return false;
        }
    }
}
