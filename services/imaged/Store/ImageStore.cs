using System.Text.Json;
using CriMesh.Common.State;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Registries;

namespace CriMesh.Imaged.Store;

/// <summary>
/// The image store on disk. Readers (this daemon, the CLI) need no lock: every file they read is
/// replaced atomically. Writers hold <see cref="StoreLock"/>.
/// <code>
/// &lt;root&gt;/
///   lock                      flock'd by writers
///   index.json                StoreIndex: every image, its tags and digests (tmp + fsync + rename)
///   blobs/sha256/&lt;hex&gt;        verified blobs: manifests, configs, layers (renamed in once verified)
///   ingest/sha256-&lt;hex&gt;.partial  downloads in progress, resumed with HTTP Range after a restart
/// </code>
/// Atomic writes leave <c>.*.tmp</c> files beside their target while they run; a crash can leave them,
/// and <see cref="Initialize"/> removes them.
/// An image becomes visible only when index.json names it, after all its blobs are in blobs/.
/// </summary>
public sealed partial class ImageStore : IDisposable
{
    private readonly StoreLock _lock;
    private readonly Lock _cacheGate = new();
    private Snapshot _snapshot = Snapshot.Empty;

    public ImageStore(string root)
    {
        Root = root;
        _lock = new StoreLock(System.IO.Path.Combine(root, "lock"));
    }

    public string Root { get; }

    private string IndexPath => System.IO.Path.Combine(Root, "index.json");

    /// <summary>
    /// Creates the layout (0700), removes temporaries a crash left and repairs the modes of an existing
    /// store (see <see cref="StorePermissions"/>). The daemon's start step; readers do not call it.
    /// Returns how many modes were repaired.
    /// </summary>
    public int Initialize()
    {
        foreach (var dir in new[] { Root, System.IO.Path.Combine(Root, "blobs"), System.IO.Path.Combine(Root, "blobs", "sha256"), System.IO.Path.Combine(Root, "blobs", "sha512"), IngestDir })
        {
            Directory.CreateDirectory(dir, StorePermissions.Directory);
            AtomicFile.CleanTemporaries(dir);
        }
        return StorePermissions.Repair(Root);
    }

    /// <summary>All images, newest pull first.</summary>
    public IReadOnlyList<ImageRecord> List() => Current().Images;

    /// <summary>
    /// Finds an image by ID (<c>sha256:hex</c> or hex), by reference (tag or repo digest, short names
    /// through <paramref name="resolver"/>'s search registries), or by a unique ID prefix of 4+ hex digits.
    /// Null when nothing matches; InvalidArgument for a malformed reference or an ambiguous prefix.
    /// </summary>
    public ImageRecord? Find(string reference, RegistryResolver? resolver = null)
    {
        var snapshot = Current();
        if (reference.Length == 0)
        {
            throw CriMeshException.Invalid("image reference is empty");
        }
        if (Digest.TryParse(reference, out var id))
        {
            return snapshot.ById.GetValueOrDefault(id.ToString());
        }
        var hex = IsHex(reference);
        if (hex && reference.Length == 64)
        {
            return snapshot.ById.GetValueOrDefault("sha256:" + reference);
        }
        ImageReference? parsed = null;
        try
        {
            parsed = ImageReference.Parse(reference);
        }
        catch (CriMeshException) when (hex)
        {
            // not a name; an ID prefix below
        }
        if (parsed is not null)
        {
            var candidates = parsed.IsShortName
                ? (resolver?.Candidates(parsed) ?? [parsed.Qualify(ImageReference.DockerHub)])
                : [parsed];
            foreach (var c in candidates)
            {
                var found = c.Digest is { } d
                    ? snapshot.ByDigest.GetValueOrDefault($"{c.Name}@{d}")
                    : snapshot.ByTag.GetValueOrDefault(c.TaggedName!);
                if (found is not null)
                {
                    return found;
                }
            }
        }
        if (hex && reference.Length >= 4)
        {
            var matches = snapshot.Images.Where(i => i.Id.AsSpan(7).StartsWith(reference, StringComparison.Ordinal)).Take(2).ToList();
            if (matches.Count > 1)
            {
                throw CriMeshException.Invalid($"image id prefix {reference} is ambiguous");
            }
            return matches.FirstOrDefault();
        }
        if (parsed is null)
        {
            throw CriMeshException.Invalid($"\"{reference}\" is neither an image reference nor an image id");
        }
        return null;
    }

    private static bool IsHex(string s) => s.Length > 0 && s.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>The index as on disk now; cached and re-read only when the file changed.</summary>
    private Snapshot Current()
    {
        var info = new FileInfo(IndexPath);
        var stamp = info.Exists ? (info.LastWriteTimeUtc.Ticks, info.Length) : (0L, 0L);
        var snapshot = _snapshot;
        if (snapshot.Stamp == stamp)
        {
            return snapshot;
        }
        lock (_cacheGate)
        {
            if (_snapshot.Stamp == stamp)
            {
                return _snapshot;
            }
            var index = info.Exists ? ReadIndex() : new StoreIndex();
            _snapshot = Snapshot.Build(index, stamp);
            return _snapshot;
        }
    }

    private StoreIndex ReadIndex()
    {
        try
        {
            var bytes = File.ReadAllBytes(IndexPath);
            var index = JsonSerializer.Deserialize(bytes, StoreJsonContext.Default.StoreIndex) ?? new StoreIndex();
            if (index.Version != StoreIndex.CurrentVersion)
            {
                throw new CriMeshException(ErrorKind.FailedPrecondition,
                    $"image store {IndexPath} has format version {index.Version}; this imaged reads version {StoreIndex.CurrentVersion}");
            }
            return index;
        }
        catch (FileNotFoundException)
        {
            return new StoreIndex();
        }
        catch (JsonException e)
        {
            throw new CriMeshException(ErrorKind.DataLoss, $"image store index {IndexPath} is corrupt: {e.Message}");
        }
    }

    public void Dispose() => _lock.Dispose();
}
