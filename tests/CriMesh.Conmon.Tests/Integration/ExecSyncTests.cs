using CriMesh.Conmon.Tests.Fixtures;
using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Tests.Integration;

[Collection("conmon node")]
public sealed class ExecSyncTests(ConmonNodeFixture fixture)
{
    private ConmonTestNode Node => fixture.Node;

    [Fact]
    public async Task ExecSync_Command_OutputAndExitCode()
    {
        var request = await Node.RunAsync(["sleep", "1000"]);
        var reply = await Node.Client.ExecSyncAsync(new ExecSyncRequest
        {
            ContainerId = request.ContainerId,
            Cmd = { "sh", "-c", "echo out; echo err >&2; hostname; exit 7" },
            TimeoutSeconds = 30,
        });
        Assert.Equal(7, reply.ExitCode);
        Assert.Equal("out\nconmon-test\n", reply.Stdout.ToStringUtf8());
        Assert.Equal("err\n", reply.Stderr.ToStringUtf8());
        Assert.False(reply.StdoutTruncated);
        await Node.Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }

    [Fact]
    public async Task ExecSync_OutputBeyondCap_TruncatedAtCap()
    {
        var request = await Node.RunAsync(["sleep", "1000"]);
        var reply = await Node.Client.ExecSyncAsync(new ExecSyncRequest
        {
            ContainerId = request.ContainerId,
            Cmd = { "sh", "-c", "head -c 100000 /dev/zero" },
            TimeoutSeconds = 30,
            MaxOutputBytes = 1000,
        });
        Assert.Equal(1000, reply.Stdout.Length);
        Assert.True(reply.StdoutTruncated);
        Assert.Equal(0, reply.ExitCode);
        await Node.Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }

    [Fact]
    public async Task ExecSync_Timeout_DeadlineExceededAndProcessReaped()
    {
        var request = await Node.RunAsync(["sleep", "1000"]);
        var exec = Node.Client.ExecSyncAsync(new ExecSyncRequest
        {
            ContainerId = request.ContainerId,
            Cmd = { "sleep", "617" },
            TimeoutSeconds = 2,
        }).ResponseAsync;
        IReadOnlyList<int> pids = [];
        for (var i = 0; i < 200 && pids.Count == 0 && !exec.IsCompleted; i++)
        {
            pids = ConmonTestNode.ProcessesWith("sleep 617");
            await Task.Delay(20);
        }
        Assert.NotEmpty(pids);
        var e = await Assert.ThrowsAsync<RpcException>(() => exec);
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        // Reaped, not just killed: a zombie keeps its /proc entry.
        for (var i = 0; i < 100 && pids.Any(p => Directory.Exists($"/proc/{p}")); i++)
        {
            await Task.Delay(50);
        }
        Assert.All(pids, p => Assert.False(Directory.Exists($"/proc/{p}"), $"exec'd process {p} still exists"));
        Assert.Empty(ConmonTestNode.ProcessesWith("sleep 617"));
        var state = await Node.Client.GetContainerAsync(new GetContainerRequest { ContainerId = request.ContainerId });
        Assert.Equal(ContainerStatus.Running, state.Status);
        await Node.Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }

    [Fact]
    public async Task ExecSync_StoppedContainer_FailedPrecondition()
    {
        var request = await Node.RunAsync(["true"]);
        await Node.WaitExitedAsync(request.ContainerId);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Node.Client.ExecSyncAsync(new ExecSyncRequest
        {
            ContainerId = request.ContainerId,
            Cmd = { "true" },
        }));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
    }

    [Fact]
    public async Task ExecSync_EmptyCommand_InvalidArgument()
    {
        var request = await Node.RunAsync(["sleep", "1000"]);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Node.Client.ExecSyncAsync(new ExecSyncRequest { ContainerId = request.ContainerId }));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        await Node.Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }
}
