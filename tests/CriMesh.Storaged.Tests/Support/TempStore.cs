using CriMesh.Common.Images;
using CriMesh.Storaged.Layers;
using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Options;
using CriMesh.Storaged.Rootfs;
using CriMesh.Storaged.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriMesh.Storaged.Tests.Support;

/// <summary>
/// A store in a fresh temporary directory with a canary directory beside it that no layer may touch.
/// Disposal unmounts everything below the directory and deletes it, also when the test failed.
/// </summary>
internal sealed class TempStore : IAsyncDisposable
{
    private TempStore(string dir, StoragedOptions options, ManualTime time)
    {
        Dir = dir;
        Options = options;
        Time = time;
    }

    public string Dir { get; }

    public string StoreRoot => Path.Combine(Dir, "store");

    public string Blobs => Path.Combine(Dir, "blobs");

    /// <summary>Outside the store: holds "passwd" (the canary); attacks aim here.</summary>
    public string Outside => Path.Combine(Dir, "outside");

    public string Canary => Path.Combine(Outside, "passwd");

    public const string CanaryContent = "root:x:0:0:canary\n";

    public StoragedOptions Options { get; }

    public ManualTime Time { get; }

    public StoreCatalog Catalog { get; private set; } = null!;

    public LayerStore Layers { get; private set; } = null!;

    public RootfsStore Rootfs { get; private set; } = null!;

    public UsageReporter Usage { get; private set; } = null!;

    /// <summary>A lease opened with the store (one hour), under which the helpers apply layers.</summary>
    public string LeaseId { get; private set; } = "";

    public static async Task<TempStore> CreateAsync(StoragedOptions? options = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "crimesh-storaged-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var store = new TempStore(dir, (options ?? new StoragedOptions()) with { ContentStore = Path.Combine(dir, "blobs") }, new ManualTime());
        try
        {
            Directory.CreateDirectory(store.Outside);
            File.WriteAllText(store.Canary, CanaryContent);
            await store.OpenAsync();
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the store (again), as a restarted storaged would.</summary>
    public async Task OpenAsync()
    {
        CloseStore();
        var storage = await Storage.OpenAsync(StoreRoot, Options, Time, NullLoggerFactory.Instance, CancellationToken.None);
        Catalog = storage.Catalog;
        Layers = storage.Layers;
        Rootfs = storage.Rootfs;
        Usage = storage.Usage;
        LeaseId = (await Layers.CreateLeaseAsync(TimeSpan.FromHours(1), "test", CancellationToken.None)).Id;
    }

    /// <summary>Applies a layer built by <paramref name="tar"/> on top of <paramref name="parent"/>.</summary>
    public async Task<UnpackedLayerRecord> ApplyAsync(LayerTar tar, string parent = "", string compression = "gzip")
    {
        var blob = tar.WriteBlob(Blobs, compression);
        var (layer, _) = await Layers.ApplyLayerAsync(LeaseId, blob.Path, blob.MediaType, parent, blob.DiffId, "", CancellationToken.None);
        return layer;
    }

    /// <summary>Applies the layers in order under a lease of their own and commits it as <paramref name="imageId"/>'s hold; returns the top layer.</summary>
    public async Task<UnpackedLayerRecord> ImageAsync(string imageId, params LayerTar[] layers)
    {
        var lease = (await Layers.CreateLeaseAsync(TimeSpan.FromHours(1), imageId, CancellationToken.None)).Id;
        var parent = "";
        UnpackedLayerRecord? top = null;
        foreach (var layer in layers)
        {
            var blob = layer.WriteBlob(Blobs);
            (top, _) = await Layers.ApplyLayerAsync(lease, blob.Path, blob.MediaType, parent, blob.DiffId, "", CancellationToken.None);
            parent = top.ChainId;
        }
        await Layers.CommitLeaseAsync(lease, imageId, top!.ChainId, CancellationToken.None);
        return top;
    }

    /// <summary>Puts <paramref name="bytes"/> into the content store; returns its path there.</summary>
    public string PutBlob(byte[] bytes)
    {
        var path = Path.Combine(Blobs, "sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Applies every layer of a testkit image (blobs written to disk as imaged keeps them) and retains it.</summary>
    public async Task<UnpackedLayerRecord> ImageAsync(string imageId, CriMesh.Testing.Images.TestImage image)
    {
        var lease = (await Layers.CreateLeaseAsync(TimeSpan.FromHours(1), imageId, CancellationToken.None)).Id;
        var parent = "";
        UnpackedLayerRecord? top = null;
        foreach (var layer in image.Layers)
        {
            PutBlob(layer.Blob.Data);
            (top, _) = await Layers.ApplyLayerAsync(lease, "", layer.Blob.MediaType, parent, layer.DiffId, layer.Blob.Digest, CancellationToken.None);
            parent = top.ChainId;
        }
        await Layers.CommitLeaseAsync(lease, imageId, top!.ChainId, CancellationToken.None);
        return top;
    }

    /// <summary>The canary is untouched and nothing new appeared beside it.</summary>
    public void AssertOutsideUntouched()
    {
        Assert.Equal(CanaryContent, File.ReadAllText(Canary));
        Assert.Equal(new[] { "passwd" }, Directory.EnumerateFileSystemEntries(Outside).Select(p => Path.GetFileName(p)!).ToArray());
        Assert.Equal(1u, Stat(Canary).Nlink);
        Assert.Null(CriMesh.Linux.Interop.Libc.Lgetxattr(Outside, "trusted.overlay.opaque"));
        Assert.Equal(new[] { "blobs", "outside", "store" }, Directory.EnumerateFileSystemEntries(Dir).Select(p => Path.GetFileName(p)!).Order().ToArray());
    }

    /// <summary>tmp/ of the store is empty (no partial layer left).</summary>
    public void AssertTmpEmpty() => Assert.Empty(Directory.EnumerateFileSystemEntries(Catalog.Layout.Tmp));

    public static CriMesh.Linux.Interop.StatxBuffer Stat(string path)
    {
        CriMesh.Linux.Interop.Libc.Check(
            CriMesh.Linux.Interop.Libc.Statx(path, CriMesh.Linux.Interop.Libc.AT_SYMLINK_NOFOLLOW, out var st), "statx", path);
        return st;
    }

    public ValueTask DisposeAsync()
    {
        CloseStore();
        foreach (var mount in MountTable.MountPointsUnder(Dir))
        {
            CriMesh.Linux.Interop.Libc.Umount2(mount, CriMesh.Linux.Interop.Libc.MNT_DETACH);
        }
        FileTree.Delete(Dir);
        return ValueTask.CompletedTask;
    }

    private void CloseStore()
    {
        Layers?.Dispose();
        Catalog?.Dispose();
    }
}
