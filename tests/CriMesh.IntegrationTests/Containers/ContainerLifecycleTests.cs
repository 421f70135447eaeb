using System.Text;
using System.Text.RegularExpressions;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Containers;

/// <summary>
/// The container RPCs end to end through the gateway socket: an image built by the test, pushed to a real
/// registry, pulled through the gateway; a pod on a real CNI bridge; runc under the conmon monitor.
/// Every test checks that nothing of its containers is left.
/// </summary>
[Collection(Node.NodeCollection.Name)]
public sealed partial class ContainerLifecycleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ContainerTestNode node = null!;

    private RuntimeService.RuntimeServiceClient Runtime => node.Runtime;

    public async Task InitializeAsync()
    {
        node = new ContainerTestNode(Log);
        await node.StartAsync();
        await node.PullAsync(node.LongRunningImage);
        await node.PullAsync(node.BusyboxImage);
    }

    public async Task DisposeAsync() => await node.DisposeAsync();

    private void Log(string line)
    {
        try { output.WriteLine(line); } catch (InvalidOperationException) { }
    }

    private async Task<ContainerStatus> StatusAsync(string id) =>
        (await Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id, Verbose = true })).Status;

    private async Task<ContainerStatus> WaitForStateAsync(string id, ContainerState state)
    {
        for (var i = 0; i < 100; i++)
        {
            var status = await StatusAsync(id);
            if (status.State == state) return status;
            await Task.Delay(100);
        }
        throw new TimeoutException($"container {id} did not reach {state} in 10 s");
    }

    private async Task RemovePodAsync(string podId)
    {
        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId });
        await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId });
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) (stdout|stderr) (P|F) ")]
    private static partial Regex CriLogLine();

    [Fact]
    public async Task Lifecycle_BusyboxInNetworkedPod_RunsLogsExecsStopsAndLeavesNothing()
    {
        var (podId, pod) = await node.RunPodAsync("web");
        var config = ContainerTestNode.ContainerConfig("app", node.BusyboxImage, "/bin/sh", "-c",
            "echo out-line; echo err-line >&2; trap 'echo bye; exit 0' TERM; while :; do sleep 1; done");
        config.Annotations["io.kubernetes.container.terminationMessagePath"] = "/dev/termination-log";
        var id = await node.CreateAsync(podId, pod, config);

        var created = await StatusAsync(id);
        Assert.Equal(ContainerState.ContainerCreated, created.State);
        Assert.Equal(Path.Combine(pod.LogDirectory, "app/0.log"), created.LogPath);
        Assert.StartsWith("sha256:", created.ImageRef, StringComparison.Ordinal);

        await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        var running = await WaitForStateAsync(id, ContainerState.ContainerRunning);
        Assert.True(running.StartedAt >= running.CreatedAt);

        // Networked: the container sees the pod's address on eth0.
        var ip = await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "ip", "-o", "-4", "addr", "show", "eth0" }, Timeout = 10 });
        Assert.Equal(0, ip.ExitCode);
        Assert.Contains(node.Subnet + ".", ip.Stdout.ToStringUtf8(), StringComparison.Ordinal);
        var exec = await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sh", "-c", "echo to-out; echo to-err >&2; exit 3" }, Timeout = 10 });
        Assert.Equal(("to-out\n", "to-err\n", 3), (exec.Stdout.ToStringUtf8(), exec.Stderr.ToStringUtf8(), exec.ExitCode));
        var hostname = await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "hostname" }, Timeout = 10 });
        Assert.Equal("web\n", hostname.Stdout.ToStringUtf8());

        var listed = await Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = podId } });
        Assert.Equal(id, Assert.Single(listed.Containers).Id);

        await Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 10 });
        var stopped = await StatusAsync(id);
        Assert.Equal((ContainerState.ContainerExited, 0, "Completed"), (stopped.State, stopped.ExitCode, stopped.Reason));
        Assert.True(stopped.FinishedAt >= stopped.StartedAt);

        var log = await File.ReadAllLinesAsync(created.LogPath);
        Assert.All(log, line => Assert.Matches(CriLogLine(), line));
        Assert.Contains(log, l => l.EndsWith(" stdout F out-line", StringComparison.Ordinal));
        Assert.Contains(log, l => l.EndsWith(" stderr F err-line", StringComparison.Ordinal));
        Assert.Contains(log, l => l.EndsWith(" stdout F bye", StringComparison.Ordinal));

        var notRunning = await Assert.ThrowsAsync<RpcException>(async () =>
            await Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "true" } }));
        Assert.Equal(StatusCode.FailedPrecondition, notRunning.StatusCode);

        await Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 10 }); // idempotent
        await Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        await Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }); // idempotent
        var gone = await Assert.ThrowsAsync<RpcException>(async () => await StatusAsync(id));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        await RemovePodAsync(podId);
        Assert.Empty(await node.LeftoversAsync());
        Assert.Empty(node.Node.ErrorLines());
    }

    [Fact]
    public async Task StopPodSandbox_WithRunningContainer_StopsAndRemovePodRemovesIt()
    {
        var (podId, pod) = await node.RunPodAsync("stopper");
        var id = await node.CreateAsync(podId, pod, ContainerTestNode.ContainerConfig("app", node.LongRunningImage));
        await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        await WaitForStateAsync(id, ContainerState.ContainerRunning);

        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId });
        Assert.Equal(ContainerState.ContainerExited, (await StatusAsync(id)).State);
        await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId });
        Assert.Empty((await Runtime.ListContainersAsync(new ListContainersRequest())).Containers);
        Assert.Empty(await node.LeftoversAsync());
    }

    [Fact]
    public async Task StatsAndEvents_RunningContainer_Reported()
    {
        var (podId, pod) = await node.RunPodAsync("stats");
        using var events = Runtime.GetContainerEvents(new GetEventsRequest());
        await events.ResponseHeadersAsync; // subscribed: no later event is missed
        var id = await node.CreateAsync(podId, pod, ContainerTestNode.ContainerConfig("app", node.LongRunningImage));
        await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        await WaitForStateAsync(id, ContainerState.ContainerRunning);

        var stats = (await Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id })).Stats;
        Assert.Equal(id, stats.Attributes.Id);
        Assert.True(stats.Memory.WorkingSetBytes.Value > 0);
        Assert.True(stats.Cpu.UsageCoreNanoSeconds.Value > 0);
        var podStats = (await Runtime.PodSandboxStatsAsync(new PodSandboxStatsRequest { PodSandboxId = podId })).Stats;
        Assert.Equal(id, Assert.Single(podStats.Linux.Containers).Attributes.Id);
        var metrics = await Runtime.ListPodSandboxMetricsAsync(new ListPodSandboxMetricsRequest());
        Assert.Contains(metrics.PodMetrics, m => m.PodSandboxId == podId && m.ContainerMetrics.Any(c => c.ContainerId == id));

        await Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        var seen = new List<ContainerEventType>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!seen.Contains(ContainerEventType.ContainerDeletedEvent) && await events.ResponseStream.MoveNext(cts.Token))
        {
            if (events.ResponseStream.Current.ContainerId == id) seen.Add(events.ResponseStream.Current.ContainerEventType);
        }
        Assert.Equal([ContainerEventType.ContainerCreatedEvent, ContainerEventType.ContainerStartedEvent,
            ContainerEventType.ContainerStoppedEvent, ContainerEventType.ContainerDeletedEvent], seen);
        await RemovePodAsync(podId);
        Assert.Empty(await node.LeftoversAsync());
    }
}
