using CriMesh.Imaged.Store;

namespace CriMesh.Imaged.Pull;

/// <summary>
/// Where verified layers go: storaged in a node, under a lease per pull that the pull's commit turns into
/// the image's hold; nowhere (imaged verifies diff IDs itself) when <c>unpack_layers = false</c>.
/// </summary>
public interface ILayerUnpacker
{
    /// <summary>True when <see cref="ApplyAsync"/> checks the uncompressed digest itself.</summary>
    bool VerifiesDiffIds { get; }

    /// <summary>Opens the lease a pull applies its layers under; it expires if the pull dies.</summary>
    Task<string> OpenLeaseAsync(string purpose, CancellationToken cancellationToken);

    /// <summary>Unpacks <paramref name="layer"/> (its blob is in imaged's store) on top of <paramref name="parentChainId"/> under the lease.</summary>
    Task ApplyAsync(string leaseId, ImageLayerRecord layer, string parentChainId, CancellationToken cancellationToken);

    /// <summary>Turns the lease into <paramref name="imageId"/>'s hold on its layer chain, in one step. Idempotent.</summary>
    Task CommitLeaseAsync(string leaseId, string imageId, string topChainId, CancellationToken cancellationToken);

    /// <summary>Drops the lease of a failed pull. Idempotent.</summary>
    Task DeleteLeaseAsync(string leaseId, CancellationToken cancellationToken);

    /// <summary>Drops the image's hold; FailedPrecondition while a container uses it. Idempotent.</summary>
    Task ReleaseAsync(string imageId, CancellationToken cancellationToken);
}
