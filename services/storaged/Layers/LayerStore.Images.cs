using CriMesh.Common.Errors;
using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Layers;

/// <summary>RetainImage / ReleaseImage: an image's hold on its layer chain.</summary>
public sealed partial class LayerStore
{
    /// <summary>Records that <paramref name="imageId"/> holds the chain below <paramref name="topChainId"/>. Idempotent.</summary>
    public async Task RetainImageAsync(string imageId, string topChainId, CancellationToken cancellationToken)
    {
        ImageHoldRecord.ValidateImageId(imageId);
        ChainIds.Validate(topChainId, "top chain id");
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        catalog.Chain(topChainId);
        if (catalog.Images.TryGetValue(imageId, out var existing) && existing.TopChainId == topChainId)
        {
            return;
        }
        var record = new ImageHoldRecord { ImageId = imageId, TopChainId = topChainId, CreatedUnixNano = catalog.NowUnixNano() };
        RecordFile.Write(catalog.Layout.ImageRecord(imageId), record, StoreJson.Default.ImageHoldRecord);
        catalog.Images[imageId] = record;
        Log.ImageRetained(logger, imageId, topChainId);
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
