using CriMesh.Imaged.Store;
using CriMesh.Protos.Storaged.V1;

namespace CriMesh.Imaged.Pull;

/// <summary>Unpacks layers through storaged's ApplyLayer and holds images with RetainImage / ReleaseImage.</summary>
public sealed class StoragedUnpacker(Storaged.StoragedClient storaged) : ILayerUnpacker
{
    /// <summary>storaged's ApplyLayer checks the uncompressed digest against diff_id.</summary>
    public bool VerifiesDiffIds => true;

    public async Task ApplyAsync(string blobPath, ImageLayerRecord layer, string parentChainId, CancellationToken cancellationToken)
    {
        await storaged.ApplyLayerAsync(new ApplyLayerRequest
        {
            BlobPath = blobPath,
            MediaType = layer.MediaType,
            ParentChainId = parentChainId,
            DiffId = layer.DiffId,
            BlobDigest = layer.Digest,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task RetainAsync(string imageId, string topChainId, CancellationToken cancellationToken) =>
        await storaged.RetainImageAsync(new RetainImageRequest { ImageId = imageId, TopChainId = topChainId },
            cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task ReleaseAsync(string imageId, CancellationToken cancellationToken) =>
        await storaged.ReleaseImageAsync(new ReleaseImageRequest { ImageId = imageId },
            cancellationToken: cancellationToken).ConfigureAwait(false);
}
