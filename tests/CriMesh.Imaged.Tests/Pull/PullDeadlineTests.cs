using CriMesh.Common.Grpc;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using ImagedClient = CriMesh.Protos.Imaged.V1.Imaged.ImagedClient;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>
/// The pull's own deadline governs its calls to storaged, not the peer call timeout: with a peer timeout far
/// shorter than any unpack (1 ms), imaged and storaged as real processes still pull and unpack an image.
/// </summary>
public sealed class PullDeadlineTests
{
    [Fact]
    public async Task PullImage_UnpackLongerThanPeerCallTimeout_Completes()
    {
        await using var registry = await new RegistryServer().StartAsync();
        using (var push = new RegistryPusher(registry))
        {
            await push.PushAsync("multi", TestImages.MultiLayer(), "oci");
        }
        await using var node = new DaemonNode($"""
            peer_call_timeout = "1ms"
            [imaged]
            insecure_registries = ["{registry.Host}"]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            auth_file = "/nonexistent/auth.json"
            """);
        await node.StartAsync("storaged");
        await node.StartAsync("imaged");
        using var channel = UnixChannel.Create(node.SocketPath("imaged"));
        var imaged = new ImagedClient(channel);

        var pulled = await imaged.PullImageAsync(new PullImageRequest { Image = registry.Reference("multi", "oci") },
            deadline: DateTime.UtcNow.AddMinutes(2));
        Assert.True(pulled.Image.Unpacked);
        Assert.Equal(TestImages.MultiLayer().ConfigDigest, pulled.ImageRef);
    }
}
