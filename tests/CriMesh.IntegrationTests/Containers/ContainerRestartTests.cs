using CriMesh.Protos.Runtime.V1;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Containers;

/// <summary>
/// The gateway or the conmon daemon killed with SIGKILL while containers run, and a container exiting while
/// the daemon is down: after the restart each container shows its true state and exit code, its log has
/// every line, events flow again, and removing everything leaves nothing.
/// </summary>
[Collection(Node.NodeCollection.Name)]
public sealed class ContainerRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ContainerTestNode node = null!;

    private RuntimeService.RuntimeServiceClient Runtime => node.Runtime;

    public async Task InitializeAsync()
    {
        node = new ContainerTestNode(line => { try { output.WriteLine(line); } catch (InvalidOperationException) { } });
        await node.StartAsync();
        await node.PullAsync(node.LongRunningImage);
        await node.PullAsync(node.BusyboxImage);
    }

    public async Task DisposeAsync() => await node.DisposeAsync();

    private async Task<ContainerStatus> StatusAsync(string id) =>
        (await Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;

    private async Task<string> StartedAsync(string podId, PodSandboxConfig pod, ContainerConfig config)
    {
        var id = await node.CreateAsync(podId, pod, config);
        await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        return id;
    }

    private static async Task WaitForFileLineAsync(string path, string text)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(path) && (await File.ReadAllTextAsync(path)).Contains(text, StringComparison.Ordinal)) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{path} did not get '{text}' in 10 s");
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("conmon")]
    public async Task Sigkill_DaemonWhileContainersRunAndExit_TrueStateLogsAndEventsAfterRestart(string daemon)
    {
        var (podId, pod) = await node.RunPodAsync("survivor");
        var steady = await StartedAsync(podId, pod, ContainerTestNode.ContainerConfig("steady", node.LongRunningImage));
        // "go" is created while the daemon is down; the container waits for it, logs, and exits 7.
        var flag = Path.Combine(pod.LogDirectory, "go");
        var exiting = ContainerTestNode.ContainerConfig("exiting", node.BusyboxImage, "/bin/sh", "-c",
            "echo before; while [ ! -e /flag/go ]; do sleep 0.1; done; echo after; exit 7");
        exiting.Mounts.Add(new Mount { ContainerPath = "/flag", HostPath = pod.LogDirectory, Readonly = true });
        var exits = await StartedAsync(podId, pod, exiting);
        var exitsLog = (await StatusAsync(exits)).LogPath;
        await WaitForFileLineAsync(exitsLog, "before");
        Assert.Equal(ContainerState.ContainerRunning, (await StatusAsync(steady)).State);

        await node.Node.StopAsync(daemon, signal: 9);
        await File.WriteAllTextAsync(flag, "");
        await WaitForFileLineAsync(exitsLog, "after"); // the monitor outlives the daemon and keeps logging
        await Task.Delay(500); // let the container's exit land in the monitor's exit file
        await node.Node.StartAsync(daemon);

        var exited = await StatusAsync(exits);
        Assert.Equal((ContainerState.ContainerExited, 7, "Error"), (exited.State, exited.ExitCode, exited.Reason));
        Assert.Equal(ContainerState.ContainerRunning, (await StatusAsync(steady)).State);
        var lines = await File.ReadAllLinesAsync(exitsLog);
        Assert.Equal(["before", "after"], lines.Select(l => l.Split(' ', 4)[3]));

        // Events flow again: stopping the steady container is seen on a fresh stream.
        using var events = Runtime.GetContainerEvents(new GetEventsRequest());
        await events.ResponseHeadersAsync;
        await Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = steady, Timeout = 10 });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stoppedSeen = false;
        while (!stoppedSeen && await events.ResponseStream.MoveNext(cts.Token))
        {
            var e = events.ResponseStream.Current;
            stoppedSeen = e.ContainerId == steady && e.ContainerEventType == ContainerEventType.ContainerStoppedEvent;
        }
        Assert.True(stoppedSeen);
        Assert.Equal((ContainerState.ContainerExited, 0), ((await StatusAsync(steady)).State, (await StatusAsync(steady)).ExitCode));

        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId });
        await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId });
        File.Delete(flag);
        Assert.Empty(await node.LeftoversAsync());
    }
}
