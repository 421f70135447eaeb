using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Pods;

/// <summary>
/// Daemons killed with SIGKILL while pods are up, and RunPodSandbox outliving kubelet's deadline: pods keep
/// their IP and state, a retry gets the parked pod (no second network), and cleanup still leaves nothing.
/// </summary>
[Collection(Node.NodeCollection.Name)]
public sealed class PodSandboxRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PodTestNode _pods = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartAsync(string gatewayToml = "", bool slowPlugin = false)
    {
        _pods = new PodTestNode(Log, gatewayToml, slowPlugin);
        await _pods.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_pods is not null)
        {
            await _pods.DisposeAsync();
        }
    }

    private void Log(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private RunPodSandboxRequest Request(string name, bool sharedPid = false)
    {
        var config = _pods.Config(name);
        if (sharedPid)
        {
            config.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Pod } };
        }
        return new RunPodSandboxRequest { Config = config };
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("netd")]
    public async Task Sigkill_DaemonWithPodsUp_PodsKeepIpAndStateAndCleanUp(string daemon)
    {
        await StartAsync();
        var running = (await _pods.Runtime.RunPodSandboxAsync(Request("running", sharedPid: true))).PodSandboxId;
        var stopped = (await _pods.Runtime.RunPodSandboxAsync(Request("stopped"))).PodSandboxId;
        await _pods.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = stopped });
        var before = (await _pods.StatusAsync(running)).Status;
        var infraPid = (await _pods.InfoAsync(running)).GetProperty("infraPid").GetInt32();

        await _pods.Node.StopAsync(daemon, signal: 9);
        await _pods.Node.StartAsync(daemon);

        var after = (await _pods.StatusAsync(running)).Status;
        Assert.Equal(PodSandboxState.SandboxReady, after.State);
        Assert.Equal(before.Network.Ip, after.Network.Ip);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal(PodSandboxState.SandboxNotready, (await _pods.StatusAsync(stopped)).Status.State);
        Assert.True(CriMesh.Linux.ProcFs.ProcStat.State(infraPid) is not (null or 'Z'), "the infra process outlives the daemon");
        Assert.Equal(2, (await _pods.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items.Count);

        await _pods.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = running });
        await _pods.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = running });
        await _pods.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = stopped });
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Fact]
    public async Task RunPodSandbox_DeadlineExpiresMidWay_RetryGetsTheParkedPod()
    {
        await StartAsync(slowPlugin: true);
        var request = Request("slow");

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await _pods.Runtime.RunPodSandboxAsync(request, deadline: DateTime.UtcNow.AddMilliseconds(700)));
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.Empty((await _pods.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items);

        var id = (await _pods.Runtime.RunPodSandboxAsync(request)).PodSandboxId;
        Assert.Equal(PodSandboxState.SandboxReady, (await _pods.StatusAsync(id)).Status.State);
        Assert.Equal(id, Assert.Single((await _pods.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items).Id);
        Assert.Single(await _pods.LeftoversAsync(), l => l.StartsWith("lease ", StringComparison.Ordinal));

        await _pods.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Fact]
    public async Task ParkedPod_NobodyClaimsIt_IsRemovedAfterTheTimeout()
    {
        await StartAsync("parked_pod_timeout = \"2s\"", slowPlugin: true);

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await _pods.Runtime.RunPodSandboxAsync(Request("abandoned"), deadline: DateTime.UtcNow.AddMilliseconds(700)));
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);

        IReadOnlyList<string> left = ["not checked yet"];
        for (var i = 0; i < 100 && left.Count > 0; i++)
        {
            await Task.Delay(200);
            left = await _pods.LeftoversAsync();
        }
        Assert.Empty(left);
    }
}
