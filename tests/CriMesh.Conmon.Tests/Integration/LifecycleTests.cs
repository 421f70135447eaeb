using CriMesh.Conmon.Tests.Fixtures;
using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Tests.Integration;

[Collection("conmon node")]
public sealed class LifecycleTests(ConmonNodeFixture fixture)
{
    private ConmonTestNode Node => fixture.Node;

    private Protos.Conmon.V1.Conmon.ConmonClient Client => Node.Client;

    [Fact]
    public async Task CreateStartStopDelete_ProcessHonoursSigterm_ExitsWithItsOwnCode()
    {
        var request = Node.Container(["sh", "-c", "trap 'exit 0' TERM; echo ready; while true; do sleep 0.1; done"]);
        var created = await Client.CreateContainerAsync(request);
        Assert.Equal(ContainerStatus.Created, created.Status);
        Assert.True(created.Pid > 0);
        Assert.True(created.MonitorPid > 0);
        Assert.True(created.CreatedUnixNano > 0);

        var started = await Client.StartContainerAsync(new StartContainerRequest { ContainerId = request.ContainerId });
        Assert.Equal(ContainerStatus.Running, started.Status);
        Assert.True(started.StartedUnixNano >= started.CreatedUnixNano);
        await ConmonTestNode.WaitLogAsync(request.LogPath, l => l.Any(x => x.EndsWith(" stdout F ready", StringComparison.Ordinal)));

        var stopped = await Client.StopContainerAsync(new StopContainerRequest { ContainerId = request.ContainerId, TimeoutSeconds = 30 });
        Assert.Equal(ContainerStatus.Exited, stopped.Status);
        Assert.Equal(0, stopped.ExitCode); // the trap ran: SIGTERM honoured, no SIGKILL
        Assert.False(stopped.OomKilled);
        Assert.True(stopped.FinishedUnixNano >= stopped.StartedUnixNano);
        Assert.Equal(0, stopped.Pid);

        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Client.GetContainerAsync(new GetContainerRequest { ContainerId = request.ContainerId }));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.False(Directory.Exists(stopped.BundlePath));
        Assert.True(CgroupCleanup.IsGone(request.CgroupPath), "runtime delete removes the container's cgroup");
        Assert.False(File.Exists($"/proc/{stopped.MonitorPid}/cmdline") && File.ReadAllText($"/proc/{stopped.MonitorPid}/cmdline").Contains(request.ContainerId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopContainer_ProcessIgnoresSigterm_KilledAfterTimeout()
    {
        // PID 1 of a PID namespace ignores signals it has no handler for, so SIGTERM does nothing here.
        var request = await Node.RunAsync(["sleep", "1000"]);
        var stopped = await Client.StopContainerAsync(new StopContainerRequest { ContainerId = request.ContainerId, TimeoutSeconds = 1 });
        Assert.Equal(ContainerStatus.Exited, stopped.Status);
        Assert.Equal(137, stopped.ExitCode);
        Assert.False(stopped.OomKilled);
        var again = await Client.StopContainerAsync(new StopContainerRequest { ContainerId = request.ContainerId, TimeoutSeconds = 1 });
        Assert.Equal(stopped.FinishedUnixNano, again.FinishedUnixNano);
    }

    [Fact]
    public async Task StopContainer_CreatedNeverStarted_Exits()
    {
        var request = Node.Container(["sleep", "1000"]);
        await Client.CreateContainerAsync(request);
        var stopped = await Client.StopContainerAsync(new StopContainerRequest { ContainerId = request.ContainerId, TimeoutSeconds = 0 });
        Assert.Equal(ContainerStatus.Exited, stopped.Status);
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("exit 255", 255)]
    public async Task Exit_ProcessEnds_ExitCodeRecorded(string script, int expected)
    {
        var request = await Node.RunAsync(["sh", "-c", script]);
        var state = await Node.WaitExitedAsync(request.ContainerId);
        Assert.Equal(expected, state.ExitCode);
        Assert.True(state.FinishedUnixNano >= state.StartedUnixNano);
    }

    [Fact]
    public async Task StartContainer_Twice_FailedPrecondition()
    {
        var request = await Node.RunAsync(["sleep", "1000"]);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Client.StartContainerAsync(new StartContainerRequest { ContainerId = request.ContainerId }));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }

    [Fact]
    public async Task CreateContainer_DuplicateId_AlreadyExistsAndFirstUntouched()
    {
        var request = Node.Container(["sleep", "1000"]);
        await Client.CreateContainerAsync(request);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Client.CreateContainerAsync(request));
        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        var state = await Client.StartContainerAsync(new StartContainerRequest { ContainerId = request.ContainerId });
        Assert.Equal(ContainerStatus.Running, state.Status);
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }

    [Fact]
    public async Task CreateContainer_SameIdConcurrently_ExactlyOneWins()
    {
        var request = Node.Container(["sleep", "1000"]);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                await Client.CreateContainerAsync(request);
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));
        Assert.Equal(1, attempts.Count(s => s == StatusCode.OK));
        Assert.All(attempts.Where(s => s != StatusCode.OK), s => Assert.Equal(StatusCode.AlreadyExists, s));
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }

    [Fact]
    public async Task UnknownId_ReadsNotFound_StopAndDeleteSucceed()
    {
        const string id = "no-such-container";
        foreach (var call in new Func<Task>[]
        {
            async () => await Client.GetContainerAsync(new GetContainerRequest { ContainerId = id }),
            async () => await Client.StartContainerAsync(new StartContainerRequest { ContainerId = id }),
            async () => await Client.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "true" } }),
            async () => await Client.ReopenLogAsync(new ReopenLogRequest { ContainerId = id }),
            async () => await Client.GetContainerStatsAsync(new GetContainerStatsRequest { ContainerId = id }),
            async () => await Client.SignalContainerAsync(new SignalContainerRequest { ContainerId = id, Signal = 15 }),
        })
        {
            var e = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
        }
        var stopped = await Client.StopContainerAsync(new StopContainerRequest { ContainerId = id, TimeoutSeconds = 1 });
        Assert.Equal(ContainerStatus.Unknown, stopped.Status);
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = id });
    }

    public static TheoryData<string, Func<CreateContainerRequest, CreateContainerRequest>> BadCreates => new()
    {
        { "relative log path", r => r.Clone().With(x => x.LogPath = "logs/x.log") },
        { "log path with ..", r => r.Clone().With(x => x.LogPath = Path.GetDirectoryName(r.LogPath) + "/../../etc/evil.log") },
        { "log dir missing", r => r.Clone().With(x => x.LogPath = "/nonexistent-dir-for-test/x.log") },
        { "id with traversal", r => r.Clone().With(x => x.ContainerId = "../../etc") },
        { "empty id", r => r.Clone().With(x => x.ContainerId = "") },
        { "spec not json", r => r.Clone().With(x => x.SpecJson = "{not json") },
        { "spec without process", r => r.Clone().With(x => x.SpecJson = "{\"ociVersion\":\"1.0.2\"}") },
        { "rootfs missing", r => r.Clone().With(x => x.RootfsPath = "/nonexistent-rootfs") },
        { "rootfs relative", r => r.Clone().With(x => x.RootfsPath = "rootfs") },
        { "unknown handler", r => r.Clone().With(x => x.RuntimeHandler = "no-such-handler") },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task CreateContainer_BadInput_InvalidArgumentAndNothingLeft(string what, Func<CreateContainerRequest, CreateContainerRequest> mutate)
    {
        var request = mutate(Node.Container(["true"]));
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Client.CreateContainerAsync(request));
        Assert.True(e.StatusCode == StatusCode.InvalidArgument, $"{what}: {e.Status}");
        var list = await Client.ListContainersAsync(new ListContainersRequest());
        Assert.DoesNotContain(list.Containers, c => c.ContainerId == request.ContainerId);
        Assert.False(Directory.Exists(Path.Combine(Node.Node.StateDir, "conmon", "bundles", request.ContainerId)) && request.ContainerId.Length > 0 && !request.ContainerId.Contains('/'));
    }

    [Fact]
    public async Task CreateContainer_RuntimeFails_InternalWithMessageAndNothingLeft()
    {
        var request = Node.Container(["/bin/does-not-exist"]);
        // The entrypoint is checked by `runc create` (exec happens at start), so make create itself fail: a bad namespace.
        request.SpecJson = request.SpecJson.Replace("\"type\":\"pid\"", "\"type\":\"bogus\"", StringComparison.Ordinal);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Client.CreateContainerAsync(request));
        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Contains("create", e.Status.Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Node.Node.StateDir, "conmon", "bundles", request.ContainerId)));
        Assert.Empty(ConmonTestNode.ProcessesWith(request.LogPath));
        var again = await Assert.ThrowsAsync<RpcException>(async () => await Client.GetContainerAsync(new GetContainerRequest { ContainerId = request.ContainerId }));
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task ListContainers_FilterBySandbox_OnlyThatPod()
    {
        var a = Node.Container(["sleep", "1000"]);
        var b = Node.Container(["sleep", "1000"]);
        b.SandboxId = "other-pod";
        await Client.CreateContainerAsync(a);
        await Client.CreateContainerAsync(b);
        var onlyB = await Client.ListContainersAsync(new ListContainersRequest { SandboxId = "other-pod" });
        Assert.Equal([b.ContainerId], onlyB.Containers.Select(c => c.ContainerId));
        var all = await Client.ListContainersAsync(new ListContainersRequest());
        Assert.Contains(all.Containers, c => c.ContainerId == a.ContainerId);
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = a.ContainerId });
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = b.ContainerId });
    }

    [Fact]
    public async Task WatchEvents_Lifecycle_CreatedStartedStoppedDeletedInOrder()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = Client.WatchEvents(new WatchEventsRequest(), cancellationToken: cts.Token);
        await stream.ResponseHeadersAsync;
        var request = await Node.RunAsync(["sh", "-c", "exit 4"]);
        await Node.WaitExitedAsync(request.ContainerId);
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
        var seen = new List<ContainerEvent>();
        while (await stream.ResponseStream.MoveNext(cts.Token))
        {
            var ev = stream.ResponseStream.Current;
            if (ev.State.ContainerId != request.ContainerId)
            {
                continue;
            }
            seen.Add(ev);
            if (ev.Type == ContainerEventType.ContainerEventDeleted)
            {
                break;
            }
        }
        Assert.Equal(
            [ContainerEventType.ContainerEventCreated, ContainerEventType.ContainerEventStarted, ContainerEventType.ContainerEventStopped, ContainerEventType.ContainerEventDeleted],
            seen.Select(e => e.Type));
        Assert.Equal(4, seen.Single(e => e.Type == ContainerEventType.ContainerEventStopped).State.ExitCode);
    }

    [Fact]
    public async Task StatsAndUpdate_RunningContainer_ReadsCgroupAndAppliesLimit()
    {
        var request = await Node.RunAsync(["sleep", "1000"]);
        var stats = await Client.GetContainerStatsAsync(new GetContainerStatsRequest { ContainerId = request.ContainerId });
        Assert.True(stats.Pids >= 1);
        Assert.True(stats.MemoryUsageBytes > 0);
        Assert.True(stats.TimestampUnixNano > 0);

        await Client.UpdateResourcesAsync(new UpdateResourcesRequest
        {
            ContainerId = request.ContainerId,
            ResourcesJson = "{\"memory\":{\"limit\":67108864},\"pids\":{\"limit\":50}}",
        });
        var limit = File.ReadAllText($"/sys/fs/cgroup/memory{request.CgroupPath}/memory.limit_in_bytes").Trim();
        Assert.Equal("67108864", limit);
        var bad = await Assert.ThrowsAsync<RpcException>(async () => await Client.UpdateResourcesAsync(new UpdateResourcesRequest
        {
            ContainerId = request.ContainerId,
            ResourcesJson = "[1,2",
        }));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }
}

internal static class RequestExtensions
{
    public static T With<T>(this T value, Action<T> change)
    {
        change(value);
        return value;
    }
}
