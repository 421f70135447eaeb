using CriMesh.Conmon.Tests.Fixtures;
using CriMesh.Protos.Conmon.V1;
using Xunit.Abstractions;

namespace CriMesh.Conmon.Tests.Integration;

/// <summary>SIGKILL of the conmon daemon while containers run and exit: nothing about them is lost.</summary>
public sealed class DaemonRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigkill_ContainersRunAndExitWhileDown_TrueStateAfterRestart()
    {
        await using var node = await ConmonTestNode.StartAsync(output.WriteLine);
        var running = await node.RunAsync(["sh", "-c", "trap 'echo got-term; exit 0' TERM; echo up; while true; do sleep 0.1; done"]);
        var exiting = await node.RunAsync(["sh", "-c", "echo first; sleep 2; echo second; exit 5"]);
        var exitedBefore = await node.RunAsync(["sh", "-c", "echo early; exit 9"]);
        await node.WaitExitedAsync(exitedBefore.ContainerId);
        var created = node.Container(["sleep", "1000"]);
        await node.Client.CreateContainerAsync(created);
        var before = await node.Client.GetContainerAsync(new GetContainerRequest { ContainerId = exiting.ContainerId });

        await node.KillDaemonAsync();
        // While the daemon is down `exiting` prints its last line and exits; its monitor records the exit.
        await ConmonTestNode.WaitLogAsync(exiting.LogPath, l => l.Any(x => x.EndsWith(" stdout F second", StringComparison.Ordinal)));
        var exitFile = Path.Combine(node.Node.StateDir, "conmon", "exits", exiting.ContainerId);
        for (var i = 0; i < 200 && !File.Exists(exitFile); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(File.Exists(exitFile), "the monitor outlives the daemon and records the exit");
        await node.RestartDaemonAsync();

        var e = await node.Client.GetContainerAsync(new GetContainerRequest { ContainerId = exiting.ContainerId });
        Assert.Equal(ContainerStatus.Exited, e.Status);
        Assert.Equal(5, e.ExitCode);
        Assert.Equal(before.StartedUnixNano, e.StartedUnixNano);
        Assert.True(e.FinishedUnixNano > e.StartedUnixNano);
        var early = await node.Client.GetContainerAsync(new GetContainerRequest { ContainerId = exitedBefore.ContainerId });
        Assert.Equal(ContainerStatus.Exited, early.Status);
        Assert.Equal(9, early.ExitCode);
        var r = await node.Client.GetContainerAsync(new GetContainerRequest { ContainerId = running.ContainerId });
        Assert.Equal(ContainerStatus.Running, r.Status);
        var c = await node.Client.GetContainerAsync(new GetContainerRequest { ContainerId = created.ContainerId });
        Assert.Equal(ContainerStatus.Created, c.Status);

        // Events resume, exits of monitors started by the previous daemon are still seen, and no log line is lost.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = node.Client.WatchEvents(new WatchEventsRequest(), cancellationToken: cts.Token);
        await stream.ResponseHeadersAsync;
        var stopped = await node.Client.StopContainerAsync(new StopContainerRequest { ContainerId = running.ContainerId, TimeoutSeconds = 20 });
        Assert.Equal(0, stopped.ExitCode);
        Assert.True(await stream.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(ContainerEventType.ContainerEventStopped, stream.ResponseStream.Current.Type);
        Assert.Equal(running.ContainerId, stream.ResponseStream.Current.State.ContainerId);
        var log = await ConmonTestNode.WaitLogAsync(running.LogPath, l => l.Any(x => x.EndsWith(" stdout F got-term", StringComparison.Ordinal)));
        Assert.Contains(log, x => x.EndsWith(" stdout F up", StringComparison.Ordinal));
        var exitingLog = File.ReadAllLines(exiting.LogPath);
        Assert.Equal(["first", "second"], exitingLog.Select(l => l.Split(' ', 4)[3]));

        var started = await node.Client.StartContainerAsync(new StartContainerRequest { ContainerId = created.ContainerId });
        Assert.Equal(ContainerStatus.Running, started.Status);
        foreach (var id in new[] { running.ContainerId, exiting.ContainerId, exitedBefore.ContainerId, created.ContainerId })
        {
            await node.Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = id });
        }
        Assert.Empty((await node.Client.ListContainersAsync(new ListContainersRequest())).Containers);
        Assert.Empty(node.Node.ErrorLines());
    }

    [Fact]
    public async Task Sigkill_ContainerExitsAfterRestart_ExitSeenByNewDaemon()
    {
        await using var node = await ConmonTestNode.StartAsync(output.WriteLine);
        var later = await node.RunAsync(["sh", "-c", "sleep 3; exit 6"]);
        await node.KillDaemonAsync();
        await node.RestartDaemonAsync();
        var state = await node.WaitExitedAsync(later.ContainerId, TimeSpan.FromSeconds(30));
        Assert.Equal(6, state.ExitCode);
    }
}
