using System.Collections.Concurrent;
using CriMesh.Common.State;
using CriMesh.Linux.Interop;
using CriMesh.Imaged.Manifests;

namespace CriMesh.Imaged.Store;

public sealed partial class ImageStore
{
    private readonly ConcurrentDictionary<string, int> _leases = new(StringComparer.Ordinal);

    /// <summary>Orders taking a lease against dropping a blob (see <see cref="DropLayerBlobs"/>).</summary>
    private readonly Lock _leaseGate = new();

    public string IngestDir => System.IO.Path.Combine(Root, "ingest");

    /// <summary>Where a verified blob lives.</summary>
    public string BlobPath(Digest digest) => System.IO.Path.Combine(Root, "blobs", digest.Algorithm, digest.Hex);

    /// <summary>Where a download of <paramref name="digest"/> collects its bytes until verified.</summary>
    public string IngestPath(Digest digest) => System.IO.Path.Combine(IngestDir, $"{digest.Algorithm}-{digest.Hex}.partial");

    /// <summary>True when a verified blob of that digest and size is present.</summary>
    public bool HasBlob(Digest digest, long size)
    {
        var info = new FileInfo(BlobPath(digest));
        return info.Exists && info.Length == size;
    }

    /// <summary>Moves a verified file into blobs/ (atomic rename; the file was fsync'd by its writer).</summary>
    public void CommitBlob(string verifiedPath, Digest digest) => File.Move(verifiedPath, BlobPath(digest), overwrite: true);

    /// <summary>
    /// Makes committed blobs durable: fsync of each file, then of the blob directory. Downloads skip the
    /// per-file fsync so unpacking can start at once; a pull calls this before it publishes the image.
    /// </summary>
    public static void Sync(IEnumerable<string> paths)
    {
        string? dir = null;
        foreach (var path in paths)
        {
            using var fd = Libc.OpenReadOnly(path);
            Libc.Check(Libc.fsync(fd), "fsync", path);
            dir = System.IO.Path.GetDirectoryName(path);
        }
        if (dir is not null)
        {
            Libc.FsyncDirectory(dir);
        }
    }

    /// <summary>Writes small verified content (a manifest, a config) as a blob, atomically.</summary>
    public void WriteBlob(Digest digest, ReadOnlySpan<byte> content)
    {
        var path = BlobPath(digest);
        if (File.Exists(path))
        {
            return;
        }
        AtomicFile.WriteAllBytes(path, content);
    }

    public byte[] ReadBlob(Digest digest) => File.ReadAllBytes(BlobPath(digest));

    /// <summary>Protects <paramref name="digests"/> from blob garbage collection until the lease is disposed.</summary>
    public IDisposable Lease(IEnumerable<Digest> digests)
    {
        var keys = digests.Select(d => d.ToString()).Distinct(StringComparer.Ordinal).ToList();
        lock (_leaseGate)
        {
            foreach (var k in keys)
            {
                _leases.AddOrUpdate(k, 1, (_, n) => n + 1);
            }
        }
        return new Release(() =>
        {
            foreach (var k in keys)
            {
                // The count reaches zero only after the last holder; a removed key is re-added by AddOrUpdate.
                if (_leases.AddOrUpdate(k, 0, (_, n) => n - 1) <= 0)
                {
                    _leases.TryRemove(new KeyValuePair<string, int>(k, 0));
                }
            }
        });
    }

    /// <summary>Deletes blobs that no image of <paramref name="index"/> uses and no pull holds. Call under the lock.</summary>
    private long CollectBlobs(StoreIndex index)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in index.Images)
        {
            used.Add(image.Id);
            used.Add(image.ManifestDigest);
            foreach (var d in image.RepoDigests)
            {
                var at = d.IndexOf('@', StringComparison.Ordinal);
                used.Add(d[(at + 1)..]);
            }
            foreach (var l in image.Layers)
            {
                used.Add(l.Digest);
            }
        }
        long freed = 0;
        foreach (var algorithm in new[] { "sha256", "sha512" })
        {
            var dir = System.IO.Path.Combine(Root, "blobs", algorithm);
            if (!Directory.Exists(dir))
            {
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var name = System.IO.Path.GetFileName(file);
                var key = $"{algorithm}:{name}";
                if (name.StartsWith('.') || used.Contains(key) || _leases.ContainsKey(key))
                {
                    continue;
                }
                var info = new FileInfo(file);
                freed += info.Exists ? info.Length : 0;
                info.Delete();
            }
        }
        return freed;
    }

    /// <summary>Deletes a blob that failed a check, unless a stored image uses it.</summary>
    public void DeleteBlobIfUnused(Digest digest)
    {
        var key = digest.ToString();
        if (!List().Any(i => i.Id == key || i.ManifestDigest == key || i.Layers.Any(l => l.Digest == key)))
        {
            File.Delete(BlobPath(digest));
        }
    }

    /// <summary>
    /// Moves a verified blob of a failed pull back to ingest/, so a failed pull leaves no blob behind yet a
    /// retry finds the bytes (and checks them again). Kept where an image or another pull uses it.
    /// </summary>
    public void ReturnToIngest(Digest digest)
    {
        var key = digest.ToString();
        if (_leases.TryGetValue(key, out var holders) && holders > 1)
        {
            return;
        }
        if (List().Any(i => i.Id == key || i.ManifestDigest == key || i.Layers.Any(l => l.Digest == key)))
        {
            return;
        }
        try
        {
            File.Move(BlobPath(digest), IngestPath(digest), overwrite: true);
        }
        catch (FileNotFoundException)
        {
            // never committed
        }
    }

    /// <summary>
    /// What the store really uses: bytes allocated on disk (st_blocks, so a sparse partial download counts
    /// what it holds, and a small file its whole block) and inodes, of the root and everything below it
    /// (blobs, ingest, index). An entry removed during the walk is skipped.
    /// </summary>
    public (long Bytes, long Inodes) Usage()
    {
        long bytes = 0, inodes = 0;
        var entries = new DirectoryInfo(Root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Select(f => f.FullName).Prepend(Root);
        foreach (var path in entries)
        {
            if (Libc.Statx(path, Libc.AT_SYMLINK_NOFOLLOW, out var st) == 0)
            {
                inodes++;
                bytes += (long)st.Blocks * 512;
            }
        }
        return (bytes, inodes);
    }

    private sealed class Release(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}
