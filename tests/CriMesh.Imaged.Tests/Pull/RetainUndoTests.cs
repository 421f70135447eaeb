using System.Collections.Concurrent;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Pull;
using CriMesh.Imaged.Store;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using Grpc.Core;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>
/// A pull that fails after storaged took its hold on the image (the RetainImage answer lost to a
/// deadline, say) must release that hold, so storaged keeps no layers for an image never published;
/// but it must not release the hold of an image a previous pull published.
/// </summary>
public sealed class RetainUndoTests : IAsyncLifetime
{
    private readonly RecordingUnpacker _unpacker = new();
    private FaultyRegistry _registry = null!;
    private ImagedHost _host = null!;

    public async Task InitializeAsync()
    {
        _registry = await FaultyRegistry.StartAsync();
        _host = await ImagedHost.StartAsync($"insecure_registries = [\"{_registry.Host}\"]", unpacker: _unpacker);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task PullImage_RetainTakenThenAnswerLost_ReleasesTheHoldAndPublishesNothing()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("undo/img", image, "1");
        _unpacker.FailRetain = true;

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await _host.Client.PullImageAsync(new PullImageRequest { Image = _registry.Reference("undo/img", "1") }));

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.Equal([image.ConfigDigest], _unpacker.Retained);
        Assert.Equal([image.ConfigDigest], _unpacker.Released);
        Assert.Empty((await _host.Client.ListImagesAsync(new ListImagesRequest())).Images);
    }

    [Fact]
    public async Task PullImage_NewTagOfPublishedImageFailsAtRetain_KeepsTheExistingHold()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("undo/img", image, "1");
        _registry.AddImage("undo/img", image, "2");
        await _host.Client.PullImageAsync(new PullImageRequest { Image = _registry.Reference("undo/img", "1") });
        _unpacker.FailRetain = true;

        await Assert.ThrowsAsync<RpcException>(async () =>
            await _host.Client.PullImageAsync(new PullImageRequest { Image = _registry.Reference("undo/img", "2") }));

        Assert.Empty(_unpacker.Released);
        var listed = Assert.Single((await _host.Client.ListImagesAsync(new ListImagesRequest())).Images);
        Assert.Equal(image.ConfigDigest, listed.Id);
    }

    /// <summary>Stands in for storaged: records holds; can make RetainImage take effect and then fail.</summary>
    private sealed class RecordingUnpacker : ILayerUnpacker
    {
        public volatile bool FailRetain;

        public ConcurrentQueue<string> Retained { get; } = new();

        public ConcurrentQueue<string> Released { get; } = new();

        public bool VerifiesDiffIds => false;

        public Task ApplyAsync(string blobPath, ImageLayerRecord layer, string parentChainId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RetainAsync(string imageId, string topChainId, CancellationToken cancellationToken)
        {
            Retained.Enqueue(imageId);
            return FailRetain
                ? throw new CriMeshException(ErrorKind.DeadlineExceeded, "deadline exceeded waiting for storaged's answer")
                : Task.CompletedTask;
        }

        public Task ReleaseAsync(string imageId, CancellationToken cancellationToken)
        {
            Released.Enqueue(imageId);
            return Task.CompletedTask;
        }
    }
}
