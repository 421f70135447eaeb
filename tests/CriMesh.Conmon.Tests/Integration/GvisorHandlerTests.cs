using CriMesh.Conmon.Tests.Fixtures;
using CriMesh.Protos.Conmon.V1;
using Xunit.Abstractions;

namespace CriMesh.Conmon.Tests.Integration;

/// <summary>
/// gVisor's runsc (Debian package runsc) as a runtime handler: the nearest thing to a VM runtime these
/// machines run. It needs no code change, only a handler table; <c>--network=none</c> because the test
/// container has a fresh network namespace with no path, and runsc's default network mode refuses to
/// run in the root namespace (a pod's netns path from netd would be used instead).
/// </summary>
public sealed class GvisorHandlerTests(ITestOutputHelper output)
{
    private const string Toml = """
        [conmon.runtime_handlers.runsc]
        runtime_path = "/usr/bin/runsc"
        runtime_args = ["--network=none"]
        """;

    [Fact]
    public async Task Runsc_Container_LogsExecStopDelete()
    {
        Assert.True(File.Exists("/usr/bin/runsc"), "runsc is missing: apt-get install runsc (tools/test.sh installs it)");
        await using var node = await ConmonTestNode.StartAsync(output.WriteLine, Toml);
        var request = await node.RunAsync(["sh", "-c", "echo hello-gvisor; dmesg | head -1; sleep 1000"], handler: "runsc");
        var log = await ConmonTestNode.WaitLogAsync(request.LogPath, l => l.Length >= 2, TimeSpan.FromSeconds(60));
        Assert.Contains(log, l => l.EndsWith(" stdout F hello-gvisor", StringComparison.Ordinal));
        output.WriteLine(string.Join('\n', log));
        Assert.Contains(log, l => l.Contains("gVisor", StringComparison.Ordinal)); // dmesg of the gVisor kernel

        var exec = await node.Client.ExecSyncAsync(new ExecSyncRequest { ContainerId = request.ContainerId, Cmd = { "sh", "-c", "echo in-sandbox; exit 3" }, TimeoutSeconds = 60 });
        Assert.Equal("in-sandbox\n", exec.Stdout.ToStringUtf8());
        Assert.Equal(3, exec.ExitCode);

        var stopped = await node.Client.StopContainerAsync(new StopContainerRequest { ContainerId = request.ContainerId, TimeoutSeconds = 2 });
        Assert.Equal(ContainerStatus.Exited, stopped.Status);
        await node.Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
        Assert.Empty((await node.Client.ListContainersAsync(new ListContainersRequest())).Containers);
    }
}
