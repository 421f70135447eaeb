using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Containers;

/// <summary>Bad CreateContainer and lifecycle input: each a clear status, and nothing left behind.</summary>
[Collection(Node.NodeCollection.Name)]
public sealed class ContainerBadInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ContainerTestNode node = null!;
    private string podId = "";
    private PodSandboxConfig pod = null!;
    private IReadOnlyList<string> baseline = [];

    private RuntimeService.RuntimeServiceClient Runtime => node.Runtime;

    public async Task InitializeAsync()
    {
        node = new ContainerTestNode(line => { try { output.WriteLine(line); } catch (InvalidOperationException) { } });
        await node.StartAsync();
        await node.PullAsync(node.LongRunningImage);
        await node.PullAsync(node.BrokenImage);
        (podId, pod) = await node.RunPodAsync("bad");
        baseline = await node.LeftoversAsync(); // the pod's own mounts and cgroups
    }

    /// <summary>Nothing beyond the pod's own things is on the node.</summary>
    private async Task AssertNothingLeftAsync() => Assert.Equal(baseline, await node.LeftoversAsync());

    public async Task DisposeAsync() => await node.DisposeAsync();

    private async Task<RpcException> RejectAsync(ContainerConfig config, StatusCode expected, string podSandboxId = "")
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Runtime.CreateContainerAsync(new CreateContainerRequest
        {
            PodSandboxId = podSandboxId.Length > 0 ? podSandboxId : podId, Config = config, SandboxConfig = pod,
        }));
        Assert.Equal(expected, e.StatusCode);
        await AssertNothingLeftAsync();
        Assert.Empty((await Runtime.ListContainersAsync(new ListContainersRequest())).Containers);
        return e;
    }

    private ContainerConfig Config(string name = "c") => ContainerTestNode.ContainerConfig(name, node.LongRunningImage);

    [Fact]
    public async Task Create_UnknownPod_NotFound() => await RejectAsync(Config(), StatusCode.NotFound, "no-such-pod");

    [Fact]
    public async Task Create_UnknownImage_NotFound()
    {
        var config = Config();
        config.Image.Image = "127.0.0.1:1/never/pulled:1";
        await RejectAsync(config, StatusCode.NotFound);
    }

    [Fact]
    public async Task Create_LogPathOutsideLogDirectory_InvalidArgument()
    {
        var config = Config();
        config.LogPath = "../../escape.log";
        Assert.Contains("log", (await RejectAsync(config, StatusCode.InvalidArgument)).Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WorkingDirIsFile_InvalidArgument()
    {
        var config = Config();
        config.WorkingDir = "/bin/busybox";
        await RejectAsync(config, StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task Create_EntrypointMissing_InvalidArgument() =>
        await RejectAsync(ContainerTestNode.ContainerConfig("c", node.BrokenImage), StatusCode.InvalidArgument);

    [Fact]
    public async Task Create_MountSourceUnderAFile_InvalidArgument()
    {
        var config = Config();
        config.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = "/etc/hostname/sub" });
        await RejectAsync(config, StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task Create_DuplicateName_AlreadyExists()
    {
        var id = await node.CreateAsync(podId, pod, Config("dup"));
        var e = await Assert.ThrowsAsync<RpcException>(async () => await node.CreateAsync(podId, pod, Config("dup")));
        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        Assert.Single((await Runtime.ListContainersAsync(new ListContainersRequest())).Containers);
        await Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task StopAndRemove_UnknownIds_Succeed()
    {
        await Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = "no-such-container", Timeout = 1 });
        await Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = "no-such-container" });
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = "no-such-container" }));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task ExecSync_CreatedNotStarted_FailedPrecondition()
    {
        var id = await node.CreateAsync(podId, pod, Config("idle"));
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "true" } }));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        await Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        await AssertNothingLeftAsync();
    }
}
