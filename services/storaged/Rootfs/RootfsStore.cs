using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CriMesh.Common.Errors;
using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Store;
using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged.Rootfs;

/// <summary>
/// Container root filesystems: a private upper and work dir per container over the image's layers,
/// assembled by overlayfs. storaged mounts them itself (mount(2) in its own, the host's, mount namespace)
/// and returns the mount description as well, containerd-style, for consumers that mount elsewhere.
/// </summary>
public sealed partial class RootfsStore
{
    private readonly StoreCatalog catalog;
    private readonly ILogger logger;
    private readonly OverlayMounter mounter;
    private readonly ConcurrentDictionary<string, (long Bytes, long Inodes, DateTimeOffset At)> usage = new(StringComparer.Ordinal);

    public RootfsStore(StoreCatalog catalog)
    {
        this.catalog = catalog;
        logger = catalog.Loggers.CreateLogger<RootfsStore>();
        mounter = new OverlayMounter(catalog.Loggers.CreateLogger<OverlayMounter>());
    }

    /// <summary>Every container filesystem, with its mount state read from the mount table.</summary>
    public IReadOnlyList<RootfsInfo> List()
    {
        var mounted = MountTable.MountPoints().ToHashSet(StringComparer.Ordinal);
        return catalog.Rootfs.Values
            .OrderBy(r => r.ContainerId, StringComparer.Ordinal)
            .Select(r => new RootfsInfo(r, catalog.Layout.MountPoint(r.ContainerId), mounted.Contains(catalog.Layout.MountPoint(r.ContainerId))))
            .ToList();
    }

    /// <summary>Bytes on disk and inodes of a container's writable layer, measured at most once per <c>UsageCacheTtl</c>.</summary>
    public (long Bytes, long Inodes, DateTimeOffset At) Usage(string containerId)
    {
        ValidateContainerId(containerId);
        if (!catalog.Rootfs.ContainsKey(containerId))
        {
            throw CriMeshException.NotFound($"container filesystem {containerId} not found");
        }
        var now = catalog.Time.GetUtcNow();
        if (usage.TryGetValue(containerId, out var cached) && now - cached.At < catalog.Options.UsageCacheTtl)
        {
            return cached;
        }
        var (bytes, inodes) = FileTree.Measure(catalog.Layout.Upper(containerId));
        var fresh = (bytes, inodes, now);
        usage[containerId] = fresh;
        return fresh;
    }

    /// <summary>Sum of the writable layers of every container filesystem (cached per container like <see cref="Usage"/>).</summary>
    public (long Bytes, long Inodes) TotalUsage()
    {
        long bytes = 0;
        long inodes = 0;
        foreach (var id in catalog.Rootfs.Keys)
        {
            try
            {
                var (b, i, _) = Usage(id);
                bytes += b;
                inodes += i;
            }
            catch (CriMeshException e) when (e.Kind == ErrorKind.NotFound)
            {
            }
        }
        return (bytes, inodes);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex ContainerIdPattern();

    internal static void ValidateContainerId(string containerId)
    {
        if (!ContainerIdPattern().IsMatch(containerId))
        {
            throw CriMeshException.Invalid($"container id \"{containerId}\" must be 1-128 of [A-Za-z0-9_.-], starting with a letter or digit");
        }
    }
}
