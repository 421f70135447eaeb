using CriMesh.Storaged.Options;
using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Store;
using CriMesh.Testing.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriMesh.Benchmarks.Storage;

/// <summary>A throw-away storaged store for the storage benchmarks; disposal unmounts and deletes everything.</summary>
internal sealed class BenchStore : IAsyncDisposable
{
    private BenchStore(string dir, CriMesh.Storaged.Storage storage)
    {
        Dir = dir;
        Storage = storage;
    }

    public string Dir { get; }

    public CriMesh.Storaged.Storage Storage { get; }

    /// <summary>Opens a store under <paramref name="dir"/> that reads blobs from <paramref name="contentStore"/>.</summary>
    public static async Task<BenchStore> OpenAsync(string dir, string contentStore, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dir);
        var storage = await CriMesh.Storaged.Storage.OpenAsync(Path.Combine(dir, "store"), new StoragedOptions { ContentStore = contentStore }, TimeProvider.System,
            NullLoggerFactory.Instance, cancellationToken);
        return new BenchStore(dir, storage);
    }

    /// <summary>Writes the image's layer blobs under <paramref name="blobDir"/>; returns (path, media type, diff_id) per layer.</summary>
    public static List<(string Path, string MediaType, string DiffId, string Digest)> WriteBlobs(TestImage image, string blobDir)
    {
        Directory.CreateDirectory(System.IO.Path.Combine(blobDir, "sha256"));
        var result = new List<(string, string, string, string)>();
        foreach (var layer in image.Layers)
        {
            var path = System.IO.Path.Combine(blobDir, "sha256", layer.Blob.Digest[7..]);
            File.WriteAllBytes(path, layer.Blob.Data);
            result.Add((path, layer.Blob.MediaType, layer.DiffId, layer.Blob.Digest));
        }
        return result;
    }

    /// <summary>Applies the blobs in order; returns the top chain ID.</summary>
    public async Task<string> ApplyAllAsync(IEnumerable<(string Path, string MediaType, string DiffId, string Digest)> blobs, CancellationToken cancellationToken)
    {
        var lease = (await Storage.Layers.CreateLeaseAsync(TimeSpan.FromHours(1), "benchmark", cancellationToken)).Id;
        var parent = "";
        foreach (var blob in blobs)
        {
            var (layer, _) = await Storage.Layers.ApplyLayerAsync(lease, blob.Path, blob.MediaType, parent, blob.DiffId, blob.Digest, cancellationToken);
            parent = layer.ChainId;
        }
        return parent;
    }

    public ValueTask DisposeAsync()
    {
        Storage.Dispose();
        Cleanup(Dir);
        return ValueTask.CompletedTask;
    }

    /// <summary>Unmounts whatever is below <paramref name="dir"/> and deletes it.</summary>
    public static void Cleanup(string dir)
    {
        foreach (var mount in MountTable.MountPointsUnder(dir))
        {
            CriMesh.Linux.Interop.Libc.Umount2(mount, CriMesh.Linux.Interop.Libc.MNT_DETACH);
        }
        FileTree.Delete(dir);
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
