using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Rootfs;

/// <summary>RemoveRootfs: unmount, rename out of rootfs/, delete. Idempotent.</summary>
public sealed partial class RootfsStore
{
    /// <summary>Unmounts and deletes the filesystem of <paramref name="containerId"/>; absent is success.</summary>
    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        ValidateContainerId(containerId);
        string retired;
        using (await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!catalog.Rootfs.ContainsKey(containerId) && !Directory.Exists(catalog.Layout.RootfsDir(containerId)))
            {
                return;
            }
            retired = Retire(containerId);
        }
        // Gone from the store already; the files go without holding the lock (a crash leaves them to reconcile).
        FileTree.Delete(retired);
        Log.RootfsRemoved(logger, containerId);
    }

    /// <summary>Under the lock: unmount, retire into tmp/ and delete the container dir.</summary>
    private void Delete(string containerId) => FileTree.Delete(Retire(containerId));

    /// <summary>Under the lock: unmount everything below the container dir and rename it into tmp/; returns where it went.</summary>
    private string Retire(string containerId)
    {
        var layout = catalog.Layout;
        var dir = layout.RootfsDir(containerId);
        mounter.UnmountAllUnder(dir);
        var tmp = layout.NewTmp("rm");
        Directory.Move(dir, tmp);
        RecordFile.SyncDirectory(layout.Rootfs);
        catalog.Rootfs.TryRemove(containerId, out _);
        usage.TryRemove(containerId, out _);
        return tmp;
    }
}
