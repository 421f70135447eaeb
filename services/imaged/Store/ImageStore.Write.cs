using System.Text.Json;
using CriMesh.Common.State;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Registries;

namespace CriMesh.Imaged.Store;

public sealed partial class ImageStore
{
    /// <summary>
    /// Publishes <paramref name="image"/>: its tags move to it from any other image (which stays, reachable
    /// by ID and repo digest), and an image of the same ID gets the union of both names.
    /// All its blobs must already be in blobs/.
    /// </summary>
    public async Task<ImageRecord> CommitAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        using var held = await _lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var index = ReadIndexForWrite();
        var tags = image.RepoTags.ToHashSet(StringComparer.Ordinal);
        var images = new List<ImageRecord>();
        ImageRecord? existing = null;
        foreach (var other in index.Images)
        {
            if (other.Id == image.Id)
            {
                existing = other;
                continue;
            }
            var kept = other.RepoTags.Where(t => !tags.Contains(t)).ToList();
            if (kept.Count != other.RepoTags.Count)
            {
                images.Add(other with { RepoTags = kept });
            }
            else
            {
                images.Add(other);
            }
        }
        var merged = existing is null ? image : image with
        {
            RepoTags = existing.RepoTags.Union(image.RepoTags, StringComparer.Ordinal).ToList(),
            RepoDigests = existing.RepoDigests.Union(image.RepoDigests, StringComparer.Ordinal).ToList(),
            Unpacked = image.Unpacked || existing.Unpacked,
        };
        images.Add(merged);
        WriteIndex(index with { Images = images });
        return merged;
    }

    /// <summary>
    /// Removes what <paramref name="reference"/> names. A tag shared with other tags of the same image
    /// removes only that tag; anything else deletes the image after <paramref name="beforeDelete"/>
    /// (storaged's release) succeeds, then its unused blobs. Not found is not an error.
    /// </summary>
    public async Task<RemoveOutcome> RemoveAsync(
        string reference, RegistryResolver? resolver, Func<ImageRecord, CancellationToken, Task> beforeDelete, CancellationToken cancellationToken)
    {
        using var held = await _lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var index = ReadIndexForWrite();
        var image = Find(reference, resolver);
        if (image is null)
        {
            return new RemoveOutcome(false, null, null);
        }
        var tag = TagNamed(reference, image, resolver);
        if (tag is not null && image.RepoTags.Count > 1)
        {
            var images = index.Images.Select(i => i.Id == image.Id ? i with { RepoTags = i.RepoTags.Where(t => t != tag).ToList() } : i).ToList();
            WriteIndex(index with { Images = images });
            return new RemoveOutcome(true, tag, null);
        }
        await beforeDelete(image, cancellationToken).ConfigureAwait(false);
        var rest = index with { Images = index.Images.Where(i => i.Id != image.Id).ToList() };
        WriteIndex(rest);
        CollectBlobs(rest);
        return new RemoveOutcome(true, null, image);
    }

    /// <summary>The tag of <paramref name="image"/> that <paramref name="reference"/> names, or null when it names no tag.</summary>
    private static string? TagNamed(string reference, ImageRecord image, RegistryResolver? resolver)
    {
        ImageReference parsed;
        try
        {
            parsed = ImageReference.Parse(reference);
        }
        catch (CriMeshException)
        {
            return null;
        }
        if (parsed.Digest is not null || reference.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return null;
        }
        var candidates = parsed.IsShortName
            ? (resolver?.Candidates(parsed) ?? [parsed.Qualify(ImageReference.DockerHub)])
            : [parsed];
        return candidates.Select(c => c.TaggedName).FirstOrDefault(t => t is not null && image.RepoTags.Contains(t));
    }

    private StoreIndex ReadIndexForWrite() => File.Exists(IndexPath) ? ReadIndex() : new StoreIndex();

    private void WriteIndex(StoreIndex index)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, StoreJsonContext.Default.StoreIndex);
        AtomicFile.WriteAllBytes(IndexPath, bytes);
        var info = new FileInfo(IndexPath);
        lock (_cacheGate)
        {
            _snapshot = Snapshot.Build(index, (info.LastWriteTimeUtc.Ticks, info.Length));
        }
    }
}
