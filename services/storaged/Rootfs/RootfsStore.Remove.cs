using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Rootfs;

/// <summary>RemoveRootfs: unmount, rename out of rootfs/, delete. Idempotent.</summary>
public sealed partial class RootfsStore
{
    /// <summary>Unmounts and deletes the filesystem of <paramref name="containerId"/>; absent is success.</summary>
    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        ValidateContainerId(containerId);
        using (await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!catalog.Rootfs.ContainsKey(containerId) && !Directory.Exists(catalog.Layout.RootfsDir(containerId)))
            {
                return;
            }
            Delete(containerId);
        }
        Log.RootfsRemoved(logger, containerId);
    }

    /// <summary>Under the lock: unmount everything below the container dir, retire it into tmp/, delete it.</summary>
    private void Delete(string containerId)
    {
        var layout = catalog.Layout;
        var dir = layout.RootfsDir(containerId);
        catalog.Mounter.UnmountAllUnder(dir);
        var tmp = layout.NewTmp("rm");
        Directory.Move(dir, tmp);
        RecordFile.SyncDirectory(layout.Rootfs);
        catalog.Rootfs.TryRemove(containerId, out _);
        usage.TryRemove(containerId, out _);
        FileTree.Delete(tmp);
    }
}
