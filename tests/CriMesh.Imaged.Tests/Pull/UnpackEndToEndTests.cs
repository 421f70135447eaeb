using CriMesh.Common.Grpc;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using Grpc.Core;
using Grpc.Net.Client;
using ImagedClient = CriMesh.Protos.Imaged.V1.Imaged.ImagedClient;
using StoragedClient = CriMesh.Protos.Storaged.V1.Storaged.StoragedClient;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>
/// imaged and storaged as real processes on a temporary node: a pulled image becomes a mounted container
/// root filesystem (real overlayfs), and an image in use cannot be removed.
/// </summary>
public sealed class UnpackEndToEndTests : IAsyncLifetime
{
    private RegistryServer _registry = null!;
    private DaemonNode _node = null!;
    private GrpcChannel _imagedChannel = null!;
    private GrpcChannel _storagedChannel = null!;
    private ImagedClient _imaged = null!;
    private StoragedClient _storaged = null!;

    public async Task InitializeAsync()
    {
        _registry = await new RegistryServer().StartAsync();
        using (var push = new RegistryPusher(_registry))
        {
            await push.PushAsync("busybox", TestImages.Busybox(), "latest");
            await push.PushAsync("multi", TestImages.MultiLayer(), "oci");
            await push.PushAsync("multi", TestImages.MultiLayer(ManifestFormat.Docker), "docker");
        }
        _node = new DaemonNode($"""
            [imaged]
            insecure_registries = ["{_registry.Host}"]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            auth_file = "/nonexistent/auth.json"
            """);
        await _node.StartAsync("storaged");
        await _node.StartAsync("imaged");
        _imagedChannel = UnixChannel.Create(_node.SocketPath("imaged"));
        _storagedChannel = UnixChannel.Create(_node.SocketPath("storaged"));
        _imaged = new ImagedClient(_imagedChannel);
        _storaged = new StoragedClient(_storagedChannel);
    }

    public async Task DisposeAsync()
    {
        _imagedChannel?.Dispose();
        _storagedChannel?.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task PullImage_Busybox_BecomesMountableRootfs()
    {
        var pulled = await _imaged.PullImageAsync(new PullImageRequest { Image = _registry.Reference("busybox", "latest") });
        Assert.True(pulled.Image.Unpacked);
        var rootfs = await _storaged.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = "c-busybox", ImageId = pulled.ImageRef, Mount = true });
        try
        {
            Assert.True(File.Exists(Path.Combine(rootfs.MountPoint, "bin", "busybox")));
        }
        finally
        {
            await _storaged.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = "c-busybox" });
        }
    }

    [Theory]
    [InlineData("oci")]
    [InlineData("docker")]
    public async Task PullImage_MultiLayerWithWhiteouts_MergesAsTheImageSays(string tag)
    {
        var pulled = await _imaged.PullImageAsync(new PullImageRequest { Image = _registry.Reference("multi", tag) });
        var id = $"c-multi-{tag}";
        var rootfs = await _storaged.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = id, ImageId = pulled.ImageRef, Mount = true });
        try
        {
            var root = rootfs.MountPoint;
            Assert.True(File.Exists(Path.Combine(root, "bin", "busybox")));
            Assert.False(File.Exists(Path.Combine(root, "etc", "motd")));
            Assert.Equal(["c"], Directory.GetFileSystemEntries(Path.Combine(root, "opt", "data")).Select(Path.GetFileName));
            Assert.Equal("2\n", await File.ReadAllTextAsync(Path.Combine(root, "etc", "layer2")));
            Assert.Equal("a\n", await File.ReadAllTextAsync(Path.Combine(root, "opt", "hard")));
        }
        finally
        {
            await _storaged.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = id });
        }
    }

    [Fact]
    public async Task RemoveImage_UsedByContainer_IsFailedPreconditionUntilRootfsRemoved()
    {
        var reference = _registry.Reference("busybox", "latest");
        var pulled = await _imaged.PullImageAsync(new PullImageRequest { Image = reference });
        await _storaged.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = "c-inuse", ImageId = pulled.ImageRef, Mount = false });
        try
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () => await _imaged.RemoveImageAsync(new RemoveImageRequest { Image = pulled.ImageRef }));
            Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
            Assert.NotNull((await _imaged.ImageStatusAsync(new ImageStatusRequest { Image = reference })).Image);
        }
        finally
        {
            await _storaged.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = "c-inuse" });
        }
        var removed = await _imaged.RemoveImageAsync(new RemoveImageRequest { Image = pulled.ImageRef });
        Assert.Equal(pulled.ImageRef, removed.DeletedImageId);
        Assert.Null((await _imaged.ImageStatusAsync(new ImageStatusRequest { Image = reference })).Image);
    }

    [Fact]
    public async Task PullImage_ImagedRestarted_ImageStillUsable()
    {
        var pulled = await _imaged.PullImageAsync(new PullImageRequest { Image = _registry.Reference("busybox", "latest") });
        await _node.StopAsync("imaged", signal: 9);
        await _node.StartAsync("imaged");
        var status = await _imaged.ImageStatusAsync(new ImageStatusRequest { Image = pulled.ImageRef });
        Assert.Equal(pulled.ImageRef, status.Image.Id);
        var rootfs = await _storaged.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = "c-restart", ImageId = pulled.ImageRef, Mount = true });
        try
        {
            Assert.True(File.Exists(Path.Combine(rootfs.MountPoint, "bin", "busybox")));
        }
        finally
        {
            await _storaged.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = "c-restart" });
        }
    }
}
