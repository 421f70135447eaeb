using System.Net;
using System.Net.Sockets;
using CriMesh.Protos.Imaged.V1;
using Grpc.Core;

namespace CriMesh.Imaged.Tests.Api;

/// <summary>imaged's gRPC API on a real in-process host, for the cases that need no registry.</summary>
public sealed class ImagedApiTests
{
    [Fact]
    public async Task ListImages_EmptyStore_ReturnsNothing()
    {
        await using var host = await ImagedHost.StartAsync();
        var list = await host.Client.ListImagesAsync(new ListImagesRequest());
        Assert.Empty(list.Images);
        var status = await host.Client.ImageStatusAsync(new ImageStatusRequest { Image = "busybox" });
        Assert.Null(status.Image);
    }

    [Theory]
    [InlineData("")]
    [InlineData("quay.io/UPPER/case")]
    [InlineData("../../etc/passwd")]
    [InlineData("busybox@sha256:abc")]
    public async Task PullImage_MalformedReference_IsInvalidArgument(string image)
    {
        await using var host = await ImagedHost.StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.PullImageAsync(new PullImageRequest { Image = image }));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task PullImage_BlockedRegistry_IsPermissionDeniedNamingIt()
    {
        await using var host = await ImagedHost.StartAsync(registriesConf: "[[registry]]\nlocation = \"blocked.example\"\nblocked = true\n");
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.PullImageAsync(new PullImageRequest { Image = "blocked.example/app:1" }));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("blocked.example", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullImage_NothingListening_IsUnavailable()
    {
        var port = FreePort();
        await using var host = await ImagedHost.StartAsync($"insecure_registries = [\"127.0.0.1:{port}\"]");
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.PullImageAsync(new PullImageRequest { Image = $"127.0.0.1:{port}/app:1" }));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullImage_RegistryHangs_HonoursDeadline()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var accepted = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sockets = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 10; i++)
                {
                    sockets.Add(await listener.AcceptSocketAsync(accepted.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await using var host = await ImagedHost.StartAsync($"insecure_registries = [\"127.0.0.1:{port}\"]");
        try
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.PullImageAsync(
                new PullImageRequest { Image = $"127.0.0.1:{port}/app:1" }, deadline: DateTime.UtcNow.AddSeconds(1)));
            Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
            var list = await host.Client.ListImagesAsync(new ListImagesRequest());
            Assert.Empty(list.Images);
        }
        finally
        {
            await accepted.CancelAsync();
            await accepting;
            foreach (var s in sockets)
            {
                s.Dispose();
            }
        }
    }

    [Fact]
    public async Task RemoveImage_Unknown_SucceedsWithFoundFalse()
    {
        await using var host = await ImagedHost.StartAsync();
        var r = await host.Client.RemoveImageAsync(new RemoveImageRequest { Image = "docker.io/library/none:1" });
        Assert.False(r.Found);
    }

    [Fact]
    public async Task ResolveReference_ShortName_ListsSearchRegistries()
    {
        await using var host = await ImagedHost.StartAsync(registriesConf: "unqualified-search-registries = [\"quay.io\", \"docker.io\"]\n");
        var r = await host.Client.ResolveReferenceAsync(new ResolveReferenceRequest { Image = "busybox" });
        Assert.Equal(["quay.io/busybox:latest", "docker.io/library/busybox:latest"], r.Candidates);
        Assert.Equal("", r.ImageId);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
