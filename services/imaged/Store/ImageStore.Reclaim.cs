using CriMesh.Common.Images;

namespace CriMesh.Imaged.Store;

/// <summary>Disk given back: layer blobs storaged holds unpacked, and partial downloads nobody resumed.</summary>
public sealed partial class ImageStore
{
    /// <summary>
    /// Deletes the compressed blobs of <paramref name="image"/>'s layers (storaged holds them unpacked), except
    /// those a pull other than the caller holds: it may still hand them to storaged. The caller's own lease
    /// counts as <paramref name="ownHolds"/>. Under the lease gate, so a pull that leases a blob after this
    /// finds it gone and downloads it again, and one that leased it before keeps it. Returns the bytes freed.
    /// </summary>
    public long DropLayerBlobs(ImageRecord image, int ownHolds)
    {
        long freed = 0;
        lock (_leaseGate)
        {
            foreach (var layer in image.Layers.Select(l => l.Digest).Distinct(StringComparer.Ordinal))
            {
                if (_leases.GetValueOrDefault(layer) > ownHolds || !Digest.TryParse(layer, out var digest))
                {
                    continue;
                }
                var blob = new FileInfo(BlobPath(digest));
                if (blob.Exists)
                {
                    freed += blob.Length;
                    blob.Delete();
                }
            }
        }
        return freed;
    }

    /// <summary>
    /// Deletes partial downloads in ingest/ last written at least <paramref name="maxAge"/> before
    /// <paramref name="now"/> whose blob no pull holds. Returns how many went.
    /// </summary>
    public int CollectStaleIngest(TimeSpan maxAge, DateTimeOffset now)
    {
        var removed = 0;
        if (!Directory.Exists(IngestDir))
        {
            return 0;
        }
        lock (_leaseGate)
        {
            foreach (var file in new DirectoryInfo(IngestDir).EnumerateFiles("*.partial"))
            {
                var name = file.Name[..^".partial".Length];
                var dash = name.IndexOf('-', StringComparison.Ordinal);
                var key = dash < 0 ? name : $"{name[..dash]}:{name[(dash + 1)..]}";
                if (_leases.ContainsKey(key) || now - file.LastWriteTimeUtc < maxAge)
                {
                    continue;
                }
                file.Delete();
                removed++;
            }
        }
        return removed;
    }
}
