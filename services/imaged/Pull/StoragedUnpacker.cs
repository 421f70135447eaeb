using CriMesh.Imaged.Store;
using CriMesh.Protos.Storaged.V1;

namespace CriMesh.Imaged.Pull;

/// <summary>
/// Unpacks layers through storaged's ApplyLayer and holds images with RetainImage / ReleaseImage. The calls
/// of a pull run under the pull's own deadline (its cancellation token), not the short peer call timeout:
/// a big layer, or a wait for an unpack slot, may take longer than that and is still the pull's business.
/// </summary>
public sealed class StoragedUnpacker(Storaged.StoragedClient storaged) : ILayerUnpacker
{
    /// <summary>storaged's ApplyLayer checks the uncompressed digest against diff_id.</summary>
    public bool VerifiesDiffIds => true;

    /// <summary>
    /// "No deadline of the call's own" (gRPC's infinite deadline), so the peer default is not applied and the
    /// pull's token, cancelled at the pull's deadline, is what ends the call.
    /// </summary>
    private static DateTime PullsOwn => DateTime.MaxValue;

    public async Task ApplyAsync(string blobPath, LayerRecord layer, string parentChainId, CancellationToken cancellationToken)
    {
        await storaged.ApplyLayerAsync(new ApplyLayerRequest
        {
            BlobPath = blobPath,
            MediaType = layer.MediaType,
            ParentChainId = parentChainId,
            DiffId = layer.DiffId,
            BlobDigest = layer.Digest,
        }, deadline: PullsOwn, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task RetainAsync(string imageId, string topChainId, CancellationToken cancellationToken) =>
        await storaged.RetainImageAsync(new RetainImageRequest { ImageId = imageId, TopChainId = topChainId },
            deadline: PullsOwn, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task ReleaseAsync(string imageId, CancellationToken cancellationToken) =>
        await storaged.ReleaseImageAsync(new ReleaseImageRequest { ImageId = imageId },
            cancellationToken: cancellationToken).ConfigureAwait(false);
}
