using CriMesh.Imaged.Store;

namespace CriMesh.Imaged.Pull;

/// <summary>The unpacker of <c>unpack_layers = false</c>: layers stay verified blobs in imaged's store.</summary>
public sealed class NoUnpacker : ILayerUnpacker
{
    public bool VerifiesDiffIds => false;

    public Task<string> OpenLeaseAsync(string purpose, CancellationToken cancellationToken) => Task.FromResult("");

    public Task ApplyAsync(string leaseId, ImageLayerRecord layer, string parentChainId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CommitLeaseAsync(string leaseId, string imageId, string topChainId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeleteLeaseAsync(string leaseId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReleaseAsync(string imageId, CancellationToken cancellationToken) => Task.CompletedTask;
}
