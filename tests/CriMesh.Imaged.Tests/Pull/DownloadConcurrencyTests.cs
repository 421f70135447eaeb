using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using Grpc.Core;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>
/// Layers download in parallel, but never more at once than max_concurrent_downloads: with every blob
/// hanging, exactly that many blob requests reach the registry while the pull waits. The test cancels the
/// pull itself once it has looked, so no deadline runs while it polls (a slow machine cannot fail it).
/// </summary>
public sealed class DownloadConcurrencyTests : IAsyncLifetime
{
    private FaultyRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await FaultyRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Theory]
    [InlineData(null, 3)]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    public async Task PullImage_AllBlobsHang_AtMostTheLimitInFlight(int? configured, int expected)
    {
        var builder = new TestImageBuilder();
        for (var i = 0; i < 6; i++)
        {
            var n = i;
            builder.AddLayer(t => t.AddFile($"layer{n}", $"content {n}\n"));
        }
        var image = builder.Build();
        _registry.AddImage("many/img", image, "1");
        foreach (var layer in image.Layers)
        {
            _registry.SetBlob("many/img", layer.Blob.Digest, FaultyResponse.Hang());
        }
        var keys = $"insecure_registries = [\"{_registry.Host}\"]" + (configured is { } c ? $"\nmax_concurrent_downloads = {c}" : "");
        await using var host = await ImagedHost.StartAsync(keys);

        using var cancel = new CancellationTokenSource();
        var pull = host.Client.PullImageAsync(new PullImageRequest { Image = _registry.Reference("many/img", "1") },
            cancellationToken: cancel.Token).ResponseAsync;
        var inFlight = 0;
        var polling = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < 1200 && inFlight < expected && polling.Elapsed < TimeSpan.FromSeconds(60); round++)
        {
            await Task.Delay(50);
            inFlight = BlobRequests(image);
        }
        // Give a pull that ignored the limit time to open more requests than it may.
        await Task.Delay(750);
        var atMost = BlobRequests(image);
        Assert.False(pull.IsCompleted, "the pull ended while every blob hangs");
        await cancel.CancelAsync();

        var e = await Assert.ThrowsAsync<RpcException>(() => pull);
        Assert.Equal(StatusCode.Cancelled, e.StatusCode);
        Assert.Equal(expected, atMost);
    }

    private int BlobRequests(TestImage image) =>
        image.Layers.Sum(l => _registry.RequestCount(FaultyRegistry.BlobPath("many/img", l.Blob.Digest), "GET"));
}
