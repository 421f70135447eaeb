using CriMesh.Conmon.Tests.Fixtures;
using CriMesh.Protos.Conmon.V1;

namespace CriMesh.Conmon.Tests.Integration;

[Collection("conmon node")]
public sealed class RuntimeHandlerTests(ConmonNodeFixture fixture)
{
    private ConmonTestNode Node => fixture.Node;

    [Fact]
    public async Task GetStatus_ConfiguredHandlers_ListedWithDefault()
    {
        var status = await Node.Client.GetStatusAsync(new GetStatusRequest());
        Assert.True(status.RuntimeReady, status.Message);
        Assert.Equal("v1", status.CgroupVersion);
        Assert.StartsWith("runc version", status.RuntimeVersion, StringComparison.Ordinal);
        Assert.StartsWith("conmon version", status.MonitorVersion, StringComparison.Ordinal);
        Assert.Equal(["runc", "wrapped"], status.Handlers.Select(h => h.Name));
        var wrapped = status.Handlers.Single(h => h.Name == "wrapped");
        Assert.Equal(Node.Work.Combine("runc-wrapper.sh"), wrapped.RuntimePath);
        Assert.Equal("oci", wrapped.RuntimeType);
        Assert.Equal(["io.kubernetes.cri-o.Devices"], wrapped.AllowedAnnotations);
    }

    [Fact]
    public async Task Container_SecondHandler_RunsThroughItsRuntimeAndRoot()
    {
        var request = await Node.RunAsync(["sh", "-c", "echo via-wrapper; sleep 1000"], handler: "wrapped");
        await ConmonTestNode.WaitLogAsync(request.LogPath, l => l.Any(x => x.EndsWith(" stdout F via-wrapper", StringComparison.Ordinal)));
        var state = await Node.Client.GetContainerAsync(new GetContainerRequest { ContainerId = request.ContainerId });
        Assert.Equal("wrapped", state.RuntimeHandler);
        Assert.True(Directory.Exists(Path.Combine(Node.WrapperRoot, request.ContainerId)), "state lives under the handler's root");
        var exec = await Node.Client.ExecSyncAsync(new ExecSyncRequest { ContainerId = request.ContainerId, Cmd = { "echo", "hi" }, TimeoutSeconds = 30 });
        Assert.Equal("hi\n", exec.Stdout.ToStringUtf8());
        await Node.Client.StopContainerAsync(new StopContainerRequest { ContainerId = request.ContainerId, TimeoutSeconds = 1 });
        await Node.Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
        var calls = File.ReadAllLines(Node.WrapperLog).Where(l => l.Contains(request.ContainerId, StringComparison.Ordinal)).ToList();
        Assert.Contains(calls, l => l.Contains(" create ", StringComparison.Ordinal));
        Assert.Contains(calls, l => l.Contains(" start ", StringComparison.Ordinal));
        Assert.Contains(calls, l => l.Contains(" exec ", StringComparison.Ordinal));
        Assert.Contains(calls, l => l.Contains(" delete ", StringComparison.Ordinal));
        Assert.All(calls, l => Assert.Contains(Node.WrapperRoot, l, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Node.WrapperRoot, request.ContainerId)));
    }
}
