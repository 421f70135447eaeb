using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;
using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Rootfs;

/// <summary>PrepareRootfs: create the writable layer, record it, and mount when asked.</summary>
public sealed partial class RootfsStore
{
    /// <summary>
    /// Creates (or returns, when it exists for the same image) the filesystem of <paramref name="containerId"/>
    /// on <paramref name="imageId"/>; with <paramref name="mount"/> also mounts it at the returned mount point.
    /// </summary>
    public async Task<RootfsMount> PrepareAsync(string containerId, string imageId, bool mount, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        ValidateContainerId(containerId);
        ImageHoldRecord.ValidateImageId(imageId);
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        if (catalog.Rootfs.TryGetValue(containerId, out var existing))
        {
            if (existing.ImageId != imageId)
            {
                throw new CriMeshException(ErrorKind.AlreadyExists,
                    $"container filesystem {containerId} exists on image {existing.ImageId}, not on {imageId}");
            }
            if (mount && !MountTable.IsMountPoint(catalog.Layout.MountPoint(containerId)))
            {
                MountRecord(existing);
            }
            return Describe(existing);
        }
        if (!catalog.Images.TryGetValue(imageId, out var image))
        {
            throw CriMeshException.NotFound($"image {imageId} is not retained by storaged");
        }
        var chain = catalog.Chain(image.TopChainId);
        var record = new RootfsRecord
        {
            ContainerId = containerId,
            ImageId = imageId,
            TopChainId = image.TopChainId,
            Chain = chain.Select(l => l.ChainId).ToList(),
            Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
            CreatedUnixNano = catalog.NowUnixNano(),
        };
        Create(record, chain[0]);
        if (mount)
        {
            try
            {
                MountRecord(record);
            }
            catch
            {
                // Undo: nothing half-created stays behind.
                Delete(containerId);
                throw;
            }
        }
        Log.RootfsPrepared(logger, containerId, imageId, chain.Count);
        return Describe(record);
    }

    /// <summary>The overlay mount with absolute paths (via the short layer links), for consumers that mount it themselves.</summary>
    public RootfsMount Describe(RootfsRecord record)
    {
        var layout = catalog.Layout;
        var lowers = record.Chain.Select(c => layout.Link(catalog.Layers[c].Link));
        var options = new List<string>
        {
            "lowerdir=" + string.Join(':', lowers),
            "upperdir=" + layout.Upper(record.ContainerId),
            "workdir=" + layout.Work(record.ContainerId),
            "index=off",
        };
        options.AddRange(catalog.Options.ExtraMountOptions);
        return new RootfsMount("overlay", "overlay", options, layout.MountPoint(record.ContainerId));
    }

    /// <summary>Builds rootfs/&lt;id&gt; in tmp/ with its record, then renames it into place.</summary>
    private void Create(RootfsRecord record, UnpackedLayerRecord top)
    {
        var layout = catalog.Layout;
        var tmp = layout.NewTmp("rootfs");
        try
        {
            var upper = Path.Combine(tmp, "upper");
            Directory.CreateDirectory(upper);
            Directory.CreateDirectory(Path.Combine(tmp, "work"));
            Directory.CreateDirectory(Path.Combine(tmp, "merged"));
            // The merged root takes the upper dir's owner and mode: give it those of the image's root.
            if (Libc.Statx(layout.LayerDiff(top.ChainId), Libc.AT_SYMLINK_NOFOLLOW, out var root) == 0)
            {
                using var dir = Libc.OpenHandle(upper, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW);
                Libc.Check(Libc.Fchown(dir, root.Uid, root.Gid), "fchown", upper);
                Libc.Check(Libc.Fchmod(dir, root.Mode & 0xFFFu), "fchmod", upper);
            }
            RecordFile.Write(Path.Combine(tmp, "rootfs.json"), record, StoreJson.Default.RootfsRecord);
            Directory.Move(tmp, layout.RootfsDir(record.ContainerId));
            RecordFile.SyncDirectory(layout.Rootfs);
        }
        catch
        {
            FileTree.Delete(tmp);
            throw;
        }
        catalog.Rootfs[record.ContainerId] = record;
    }

    private void MountRecord(RootfsRecord record)
    {
        var layout = catalog.Layout;
        var relative = "lowerdir=" + string.Join(':', record.Chain.Select(c => StoreLayout.RelativeLink(catalog.Layers[c].Link)))
            + ",upperdir=rootfs/" + record.ContainerId + "/upper"
            + ",workdir=rootfs/" + record.ContainerId + "/work"
            + ",index=off";
        foreach (var option in catalog.Options.ExtraMountOptions)
        {
            relative += "," + option;
        }
        OverlayMounter.Mount(layout.Root, layout.MountPoint(record.ContainerId), relative, record.Chain.Count);
        Log.RootfsMounted(logger, record.ContainerId, layout.MountPoint(record.ContainerId));
    }
}
