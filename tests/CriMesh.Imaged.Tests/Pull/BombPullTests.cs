using System.Diagnostics;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using Grpc.Core;
using Xunit.Abstractions;
using ImagedClient = CriMesh.Protos.Imaged.V1.Imaged.ImagedClient;
using StoragedClient = CriMesh.Protos.Storaged.V1.Storaged.StoragedClient;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>
/// A pull whose layer is a gzip bomb (4 MiB of blob, 4 GiB of tar) through a real registry, imaged and
/// storaged: storaged's per-layer cap refuses it with ResourceExhausted, and the pull leaves no image, no
/// layer and no partial unpack behind.
/// </summary>
public sealed class BombPullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PullImage_GzipBombLayer_ResourceExhaustedNothingLeft()
    {
        var (compressed, diffId) = GzipBomb.Build(gibibytes: 4, hash: false);
        var image = new TestImageBuilder()
            .AddLayer(tar => tar.AddBusybox())
            .AddCompressedLayer([], compressed, LayerCompression.Gzip, diffId: diffId)
            .Build();
        await using var registry = await new RegistryServer().StartAsync();
        using (var push = new RegistryPusher(registry))
        {
            await push.PushAsync("bomb", image, "latest");
        }
        await using var node = new DaemonNode($"""
            [imaged]
            insecure_registries = ["{registry.Host}"]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            auth_file = "/nonexistent/auth.json"
            [storaged]
            max_layer_bytes = "64MiB"
            """);
        await node.StartAsync("storaged");
        await node.StartAsync("imaged");
        using var imagedChannel = UnixChannel.Create(node.SocketPath("imaged"));
        using var storagedChannel = UnixChannel.Create(node.SocketPath("storaged"));
        var imaged = new ImagedClient(imagedChannel);
        var storaged = new StoragedClient(storagedChannel);

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RpcException>(() => imaged.PullImageAsync(
            new PullImageRequest { Image = registry.Reference("bomb", "latest") }, deadline: DateTime.UtcNow.AddMinutes(2)).ResponseAsync);
        output.WriteLine($"pull of a {compressed.Length} byte blob of a 4 GiB layer refused after {clock.ElapsedMilliseconds} ms: {e.Status.Detail}");

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("max_layer_bytes (64MiB)", e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await imaged.ListImagesAsync(new ListImagesRequest())).Images);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(node.StateDir, "storaged", "tmp")));
        // The busybox layer below the bomb was unpacked under the pull's lease, which the failed pull deleted.
        await storaged.GarbageCollectAsync(new GarbageCollectRequest());
        Assert.Empty((await storaged.ListLayersAsync(new ListLayersRequest())).Layers);
    }
}
