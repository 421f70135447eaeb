using CriMesh.Imaged.Options;
using CriMesh.Imaged.Store;
using CriMesh.Protos.Storaged.V1;

namespace CriMesh.Imaged.Pull;

/// <summary>
/// Unpacks layers through storaged's ApplyLayer under a lease per pull (CreateLease, CommitLease,
/// DeleteLease) and drops images with ReleaseImage. Blobs are named by digest: storaged reads them from
/// imaged's blob store, its content store. The calls of a pull run under the pull's own deadline (its
/// cancellation token), not the short peer call timeout: a big layer, or a wait for an unpack slot, may
/// take longer than that and is still the pull's business.
/// </summary>
public sealed class StoragedUnpacker(Storaged.StoragedClient storaged, ImagedOptions options) : ILayerUnpacker
{
    /// <summary>storaged's ApplyLayer checks the uncompressed digest against diff_id.</summary>
    public bool VerifiesDiffIds => true;

    /// <summary>
    /// "No deadline of the call's own" (gRPC's infinite deadline), so the peer default is not applied and the
    /// pull's token, cancelled at the pull's deadline, is what ends the call.
    /// </summary>
    private static DateTime PullsOwn => DateTime.MaxValue;

    public async Task<string> OpenLeaseAsync(string purpose, CancellationToken cancellationToken)
    {
        var lease = await storaged.CreateLeaseAsync(new CreateLeaseRequest
        {
            ExpiryMillis = (long)options.PullLeaseExpiry.TotalMilliseconds,
            Purpose = purpose,
        }, deadline: PullsOwn, cancellationToken: cancellationToken).ConfigureAwait(false);
        return lease.Id;
    }

    public async Task ApplyAsync(string leaseId, ImageLayerRecord layer, string parentChainId, CancellationToken cancellationToken) =>
        await storaged.ApplyLayerAsync(new ApplyLayerRequest
        {
            LeaseId = leaseId,
            BlobDigest = layer.Digest,
            MediaType = layer.MediaType,
            ParentChainId = parentChainId,
            DiffId = layer.DiffId,
        }, deadline: PullsOwn, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task CommitLeaseAsync(string leaseId, string imageId, string topChainId, CancellationToken cancellationToken) =>
        await storaged.CommitLeaseAsync(new CommitLeaseRequest { LeaseId = leaseId, ImageId = imageId, TopChainId = topChainId },
            deadline: PullsOwn, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task DeleteLeaseAsync(string leaseId, CancellationToken cancellationToken) =>
        await storaged.DeleteLeaseAsync(new DeleteLeaseRequest { LeaseId = leaseId },
            deadline: PullsOwn, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task ReleaseAsync(string imageId, CancellationToken cancellationToken) =>
        await storaged.ReleaseImageAsync(new ReleaseImageRequest { ImageId = imageId },
            cancellationToken: cancellationToken).ConfigureAwait(false);
}
