using CriMesh.Imaged.Store;

namespace CriMesh.Imaged.Pull;

/// <summary>
/// Where verified layers go: storaged in a node, nowhere (imaged verifies diff IDs itself) when
/// <c>unpack_layers = false</c>.
/// </summary>
public interface ILayerUnpacker
{
    /// <summary>True when <see cref="ApplyAsync"/> checks the uncompressed digest itself.</summary>
    bool VerifiesDiffIds { get; }

    /// <summary>Unpacks <paramref name="layer"/> (blob at <paramref name="blobPath"/>) on top of <paramref name="parentChainId"/>.</summary>
    Task ApplyAsync(string blobPath, ImageLayerRecord layer, string parentChainId, CancellationToken cancellationToken);

    /// <summary>Holds the image's layer chain so it is kept. Idempotent.</summary>
    Task RetainAsync(string imageId, string topChainId, CancellationToken cancellationToken);

    /// <summary>Drops the image's hold; FailedPrecondition while a container uses it. Idempotent.</summary>
    Task ReleaseAsync(string imageId, CancellationToken cancellationToken);
}
