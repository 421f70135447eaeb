using CriMesh.Common.Errors;
using CriMesh.Common.Images;
using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Layers;

/// <summary>RetainImage / ReleaseImage: an image's hold on its layer chain.</summary>
public sealed partial class LayerStore
{
    /// <summary>Deprecated (a lease and <see cref="CommitLeaseAsync"/> replace it). Records that <paramref name="imageId"/> holds the chain below <paramref name="topChainId"/>. Idempotent.</summary>
    public async Task RetainImageAsync(string imageId, string topChainId, CancellationToken cancellationToken)
    {
        ImageHoldRecord.ValidateImageId(imageId);
        Digest.RequireSha256(topChainId, "top chain id");
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        catalog.Chain(topChainId);
        WriteHold(imageId, topChainId);
    }

    /// <summary>Drops the hold of <paramref name="imageId"/>. Idempotent; FailedPrecondition while a container filesystem uses it.</summary>
    public async Task ReleaseImageAsync(string imageId, CancellationToken cancellationToken)
    {
        ImageHoldRecord.ValidateImageId(imageId);
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var users = catalog.Rootfs.Values.Where(r => r.ImageId == imageId).Select(r => r.ContainerId).Order(StringComparer.Ordinal).ToList();
        if (users.Count > 0)
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition,
                $"image {imageId} is in use by container filesystem {string.Join(", ", users)}");
        }
        if (!catalog.Images.ContainsKey(imageId))
        {
            return;
        }
        File.Delete(catalog.Layout.ImageRecord(imageId));
        RecordFile.SyncDirectory(catalog.Layout.Images);
        catalog.Images.TryRemove(imageId, out _);
        Log.ImageReleased(logger, imageId);
    }
}
