namespace CriMesh.Gateway.Pods;

public sealed partial class PodSandboxManager
{
    /// <summary>
    /// RemovePodSandbox: stops the pod if it still runs, removes its containers, then everything of the pod
    /// (pins, cgroup, pod dir, record) and frees its name. Idempotent: an unknown ID succeeds.
    /// </summary>
    public async Task RemoveAsync(string idOrPrefix, CancellationToken ct, bool onlyIfParked = false)
    {
        if (!_store.TryResolve(idOrPrefix, out var found, out var error))
        {
            if (error!.Kind == Common.Errors.ErrorKind.NotFound)
            {
                return;
            }
            throw error;
        }
        using (await LockPodAsync(found!.Id, ct).ConfigureAwait(false))
        {
            var record = _store.Get(found.Id);
            if (record is null || onlyIfParked && !record.Parked)
            {
                return;
            }
            if (record.State != PodState.NotReady)
            {
                record = await StopLockedAsync(record, ct).ConfigureAwait(false);
            }
            await _containers.RemoveAllAsync(record, ct).ConfigureAwait(false);
            RemoveLocalState(record);
            _store.Delete(record.Id);
            _store.Release(record.NameKey, record.Id);
            Log.PodRemoved(_logger, record.Id, record.NameKey);
        }
        _podLocks.TryRemove(found.Id, out _);
    }

    /// <summary>Unpins every namespace file in the pod dir, removes the cgroups the pod created and the dir.</summary>
    private static void RemoveLocalState(PodRecord record)
    {
        foreach (var pin in new[] { "ipc", "uts", "pid" })
        {
            PodNamespaces.Unpin(Path.Combine(record.PodDir, pin));
        }
        PodCgroups.Remove(record.CgroupDirs);
        DeletePodDir(record.PodDir);
    }
}
