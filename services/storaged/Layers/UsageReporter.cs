using CriMesh.Linux.Interop;
using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Layers;

/// <summary>
/// Disk usage figures cheap enough for kubelet's 10-second polls: layer sizes come from the records
/// (measured once, while unpacking), the filesystem's size from one statvfs, and its mount point is looked
/// up once.
/// </summary>
public sealed class UsageReporter(StoreCatalog catalog)
{
    private string? mountpoint;

    public ImageFsUsage ImageFsInfo()
    {
        mountpoint ??= MountTable.MountPointOf(catalog.Layout.Layers);
        long bytes = 0;
        long inodes = 0;
        foreach (var layer in catalog.Layers.Values)
        {
            bytes += layer.Size;
            inodes += layer.Inodes;
        }
        var fs = Libc.Statvfs(catalog.Layout.Layers);
        return new ImageFsUsage(
            mountpoint,
            bytes,
            inodes,
            (long)(fs.Blocks * fs.FragmentSize),
            (long)(fs.BlocksAvailable * fs.FragmentSize),
            catalog.Time.GetUtcNow());
    }
}
