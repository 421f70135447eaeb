using CriMesh.Common.Grpc;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using Grpc.Core;
using ImagedClient = CriMesh.Protos.Imaged.V1.Imaged.ImagedClient;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>imaged as a real process killed with SIGKILL in the middle of a pull.</summary>
public sealed class SigkillPullTests
{
    [Fact]
    public async Task PullImage_ImagedKilledMidDownload_NothingVisibleAndNextPullResumes()
    {
        await using var registry = await FaultyRegistry.StartAsync();
        var image = TestImages.Busybox();
        registry.AddImage("slow", image);
        var layer = image.Layers[0].Blob;
        var path = FaultyRegistry.BlobPath("slow", layer.Digest);
        registry.SetBlob("slow", layer.Digest, FaultyResponse.Trickle(layer.Data, 64 * 1024, TimeSpan.FromMilliseconds(200)));
        await using var node = new DaemonNode($"""
            [imaged]
            unpack_layers = false
            insecure_registries = ["{registry.Host}"]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            """);
        await node.StartAsync("imaged");
        var ingest = Path.Combine(node.StateDir, "imaged", "ingest");
        using (var channel = UnixChannel.Create(node.SocketPath("imaged")))
        {
            var client = new ImagedClient(channel);
            var pull = client.PullImageAsync(new PullImageRequest { Image = registry.Reference("slow", "latest") }).ResponseAsync;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && !(Directory.GetFiles(ingest).FirstOrDefault() is { } f && new FileInfo(f).Length > 64 * 1024))
            {
                await Task.Delay(50);
            }
            Assert.NotEmpty(Directory.GetFiles(ingest));
            await node.StopAsync("imaged", signal: 9);
            await Assert.ThrowsAsync<RpcException>(() => pull);
        }

        registry.SetBlob("slow", layer.Digest, FaultyResponse.Blob(layer.Data, layer.Digest));
        registry.ResetCounters();
        await node.StartAsync("imaged");
        using (var channel = UnixChannel.Create(node.SocketPath("imaged")))
        {
            var client = new ImagedClient(channel);
            Assert.Empty((await client.ListImagesAsync(new ListImagesRequest())).Images);
            var pulled = await client.PullImageAsync(new PullImageRequest { Image = registry.Reference("slow", "latest") });
            Assert.Equal(image.ConfigDigest, pulled.ImageRef);
            var request = Assert.Single(registry.Requests, r => r.Path == path);
            Assert.StartsWith("bytes=", request.Range, StringComparison.Ordinal);
            Assert.NotEqual("bytes=0-", request.Range);
        }
    }
}
