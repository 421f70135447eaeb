using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using ImagedClient = CriMesh.Protos.Imaged.V1.Imaged.ImagedClient;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>The pull log's "bytes downloaded" counts only what came over the network, not blobs already present.</summary>
public sealed partial class DownloadedBytesTests
{
    [GeneratedRegex(@"pulled (\S+) as \S+: \d+ layers, (\d+) bytes downloaded")]
    private static partial Regex Completed();

    [Fact]
    public async Task PullImage_AllLayersPresent_LogsZeroBytesDownloaded()
    {
        await using var registry = await FaultyRegistry.StartAsync();
        var first = new TestImageBuilder().AddLayer(t => t.AddRandomFile("data", 300_000, 7)).WithLabel("n", "1").Build();
        var second = new TestImageBuilder().AddLayer(t => t.AddRandomFile("data", 300_000, 7)).WithLabel("n", "2").Build();
        Assert.Equal(first.Layers[0].Blob.Digest, second.Layers[0].Blob.Digest);
        Assert.NotEqual(first.ConfigDigest, second.ConfigDigest);
        registry.AddImage("first", first);
        registry.AddImage("second", second);
        var lines = new ConcurrentQueue<string>();
        await using var node = new DaemonNode($"""
            [imaged]
            unpack_layers = false
            insecure_registries = ["{registry.Host}"]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            auth_file = "/nonexistent/auth.json"
            """, lines.Enqueue);
        await node.StartAsync("imaged");
        using var channel = UnixChannel.Create(node.SocketPath("imaged"));
        var imaged = new ImagedClient(channel);

        await imaged.PullImageAsync(new PullImageRequest { Image = registry.Reference("first", "latest") });
        await imaged.PullImageAsync(new PullImageRequest { Image = registry.Reference("second", "latest") });
        await node.StopAsync("imaged");

        var downloaded = lines.Select(l => Completed().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(first.Layers[0].Blob.Data.Length, downloaded[registry.Reference("first", "latest")]);
        Assert.Equal(0, downloaded[registry.Reference("second", "latest")]);
    }
}
