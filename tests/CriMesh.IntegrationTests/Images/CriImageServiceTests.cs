using System.Text.Json;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using Grpc.Core;
using Xunit.Abstractions;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.IntegrationTests.Images;

/// <summary>
/// The CRI ImageService end to end, as kubelet and crictl use it: the five daemons as processes, a real
/// docker-registry (one open, one with htpasswd) on 127.0.0.1 holding images the test built, calls through
/// the gateway socket with a raw CRI client and with crimeshctl, and the pulled image mounted as a
/// container root filesystem by storaged. (Tag removal, ImageFsInfo and credentials through the gateway
/// are covered in CriMesh.Imaged.Tests/Cri.)
/// </summary>
[Collection(Node.NodeCollection.Name)]
public sealed class CriImageServiceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DaemonNode _node = null!;
    private RegistryServer _open = null!;
    private RegistryServer _locked = null!;
    private FaultyRegistry _faulty = null!;
    private GrpcChannelHolder _channel = null!;
    private TestImage _image = null!;
    private string _reference = "";

    private ImageService.ImageServiceClient Images => new(_channel.Channel);

    public async Task InitializeAsync()
    {
        _open = await new RegistryServer().StartAsync();
        _locked = await new RegistryServer().WithHtpasswd("alice", "s3cret").StartAsync();
        _image = new TestImageBuilder().WithUser("1234").AddLayer(t => t.AddBusybox()).AddLayer(t => t.AddFile("etc/motd", "hello\n")).Build();
        using (var pusher = new RegistryPusher(_open))
        {
            await pusher.PushAsync("e2e/busybox", _image, "1.0");
            await pusher.PushAsync("e2e/busybox", _image, "stable");
        }
        using (var pusher = new RegistryPusher(_locked, new RegistryCredentials("alice", "s3cret")))
        {
            await pusher.PushAsync("private/busybox", _image, "1.0");
        }
        _faulty = await FaultyRegistry.StartAsync();
        _faulty.AddImage("slow/img", _image, "1.0");
        foreach (var layer in _image.Layers)
        {
            _faulty.SetBlob("slow/img", layer.Blob.Digest, FaultyResponse.Hang());
        }
        _reference = _open.Reference("e2e/busybox", "1.0");
        _node = new DaemonNode($"""
            [imaged]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            insecure_registries = ["{_open.Host}", "{_locked.Host}", "{_faulty.Host}"]
            blocked_registries = ["blocked.example"]
            """, Log);
        await _node.StartAllAsync();
        _channel = new GrpcChannelHolder(_node.SocketPath("gateway"));
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        await _open.DisposeAsync();
        await _locked.DisposeAsync();
        await _faulty.DisposeAsync();
    }

    [Fact]
    public async Task PullImage_Then_StatusListAndRootfsWork()
    {
        var pulled = await Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = _reference } });

        Assert.Equal(_image.Config.Digest, pulled.ImageRef);
        var status = await Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = _reference }, Verbose = true });
        Assert.Equal(pulled.ImageRef, status.Image.Id);
        Assert.Contains(_reference, status.Image.RepoTags);
        Assert.Contains(status.Image.RepoDigests, d => d.EndsWith("@" + _image.Digest, StringComparison.Ordinal));
        Assert.Equal(1234, status.Image.Uid.Value);
        Assert.True(status.Image.Size > 0);
        Assert.NotEmpty(status.Info);

        var list = await Images.ListImagesAsync(new ListImagesRequest());
        Assert.Contains(list.Images, i => i.Id == pulled.ImageRef);
        var filtered = await Images.ListImagesAsync(new ListImagesRequest { Filter = new ImageFilter { Image = new ImageSpec { Image = _reference } } });
        Assert.Equal(pulled.ImageRef, Assert.Single(filtered.Images).Id);

        // The pulled image is usable as a container root filesystem.
        using var storagedChannel = UnixChannel.Create(_node.SocketPath("storaged"));
        var storaged = new StoragedV1.Storaged.StoragedClient(storagedChannel);
        var rootfs = await storaged.PrepareRootfsAsync(new StoragedV1.PrepareRootfsRequest { ContainerId = "e2e-ctr", ImageId = pulled.ImageRef, Mount = true });
        try
        {
            Assert.True(File.Exists(Path.Combine(rootfs.MountPoint, "bin", "busybox")));
            Assert.Equal("hello\n", File.ReadAllText(Path.Combine(rootfs.MountPoint, "etc", "motd")));

            // In use: removal is refused and the image stays.
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = pulled.ImageRef } }));
            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.NotNull((await Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = pulled.ImageRef } })).Image);
        }
        finally
        {
            await storaged.RemoveRootfsAsync(new StoragedV1.RemoveRootfsRequest { ContainerId = "e2e-ctr" });
        }
        Assert.False(Directory.Exists(rootfs.MountPoint) && Directory.EnumerateFileSystemEntries(rootfs.MountPoint).Any());
        Assert.Empty(_node.ErrorLines());
    }

    [Fact]
    public async Task ImageStatusAndListImages_ImagedRestarting_AnswerOnceItIsBack()
    {
        var id = (await Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = _reference } })).ImageRef;
        Assert.Equal(0, await _node.StopAsync("imaged"));

        // kubelet asks while imaged is down; the gateway retries these idempotent reads until it is back.
        var status = Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = _reference } }).ResponseAsync;
        var list = Images.ListImagesAsync(new ListImagesRequest()).ResponseAsync;
        await _node.StartAsync("imaged");

        Assert.Equal(id, (await status).Image.Id);
        Assert.Contains((await list).Images, i => i.Id == id);
    }

    [Theory]
    [InlineData("", StatusCode.InvalidArgument)]
    [InlineData("library/UPPER:tag", StatusCode.InvalidArgument)]
    [InlineData("e2e/../../etc/passwd:1", StatusCode.InvalidArgument)]
    [InlineData("busybox:bad/tag", StatusCode.InvalidArgument)]
    [InlineData("blocked.example/x/y:1", StatusCode.PermissionDenied)]
    public async Task PullImage_BadReference_ClearStatus(string image, StatusCode expected)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } }));

        Assert.Equal(expected, e.StatusCode);
    }

    [Fact]
    public async Task PullImage_UnknownRepositoryOrTag_IsNotFound()
    {
        var tag = await Assert.ThrowsAsync<RpcException>(async () => await Images.PullImageAsync(
            new PullImageRequest { Image = new ImageSpec { Image = _open.Reference("e2e/busybox", "nope") } }));
        var repo = await Assert.ThrowsAsync<RpcException>(async () => await Images.PullImageAsync(
            new PullImageRequest { Image = new ImageSpec { Image = _open.Reference("e2e/absent", "1.0") } }));

        Assert.Equal(StatusCode.NotFound, tag.StatusCode);
        Assert.Equal(StatusCode.NotFound, repo.StatusCode);
        Assert.Empty((await Images.ListImagesAsync(new ListImagesRequest())).Images);
    }

    [Fact]
    public async Task PullImage_HangingRegistryAndDeadline_IsDeadlineExceededAndLeavesNoImage()
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Images.PullImageAsync(
            new PullImageRequest { Image = new ImageSpec { Image = _faulty.Reference("slow/img", "1.0") } },
            deadline: DateTime.UtcNow.AddSeconds(3)));

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.Empty((await Images.ListImagesAsync(new ListImagesRequest())).Images);
    }

    [Fact]
    public async Task Cli_PullImagesInspectiRmiImagefsinfo_WorkThroughTheGateway()
    {
        var locked = _locked.Reference("private/busybox", "1.0");

        var pull = await Cli("pull", "--creds", "alice:s3cret", locked);
        var images = await Cli("images", "-o", "json");
        var inspect = await Cli("inspecti", "-o", "json", locked);
        var fsinfo = await Cli("imagefsinfo", "-o", "json");
        var direct = await Cli("imaged", "images", "-o", "json");
        var record = await Cli("imaged", "inspect", _image.Config.Digest);
        var usage = await Cli("imaged", "usage");
        var layers = await Cli("storage", "layers", "-o", "json");
        var noSubVerb = await Cli(2, "imaged");
        var rmi = await Cli("rmi", locked);
        var after = await Cli("images", "-q");
        var badCreds = await Cli(1, "pull", "--creds", "alice:nope", locked);

        Assert.Contains(_image.Config.Digest, pull.Stdout, StringComparison.Ordinal);
        Assert.Contains(locked, images.Stdout, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(inspect.Stdout))
        {
            Assert.Contains(_image.Config.Digest, json.RootElement.ToString(), StringComparison.Ordinal);
        }
        Assert.Contains("usedBytes", fsinfo.Stdout, StringComparison.Ordinal);
        Assert.Contains(_image.Config.Digest, direct.Stdout, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(record.Stdout))
        {
            Assert.Equal(2, json.RootElement.GetProperty("layers").GetArrayLength());
            Assert.True(json.RootElement.GetProperty("unpacked").GetBoolean());
        }
        Assert.Contains("UsedBytes", usage.Stdout, StringComparison.Ordinal);
        Assert.Contains(_image.DiffIds[0], layers.Stdout, StringComparison.Ordinal);
        Assert.Contains("needs a sub-verb", noSubVerb.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, rmi.ExitCode);
        Assert.DoesNotContain(_image.Config.Digest, after.Stdout, StringComparison.Ordinal);
        Assert.Contains("Unauthenticated", badCreds.Stderr + badCreds.Stdout, StringComparison.Ordinal);
    }

    private async Task<ProcessResult> Cli(params string[] args) => await Cli(0, args);

    private async Task<ProcessResult> Cli(int expectExit, params string[] args)
    {
        var full = new[] { "-r", $"unix://{_node.SocketPath("gateway")}", "--run-dir", _node.RunDir, "--timeout", "60s" }.Concat(args);
        var result = await ChildProcess.RunAsync(RepoPaths.CliExe, full, TimeSpan.FromSeconds(90), throwOnFailure: false);
        Assert.True(result.ExitCode == expectExit, $"crimeshctl {string.Join(' ', args)} exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
        return result;
    }

    private void Log(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; late daemon output has nowhere to go.
        }
    }

    /// <summary>One channel to the gateway for the test's calls.</summary>
    private sealed class GrpcChannelHolder(string socketPath) : IDisposable
    {
        public Grpc.Net.Client.GrpcChannel Channel { get; } = UnixChannel.Create(socketPath);

        public void Dispose() => Channel.Dispose();
    }
}
