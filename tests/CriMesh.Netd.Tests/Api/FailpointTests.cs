using CriMesh.Common.Errors;
using CriMesh.Common.Operations;
using CriMesh.Netd.Tests.Support;
using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Tests.Api;

/// <summary>
/// A failure, or SIGKILL, at each step of set-up and teardown leaves nothing behind once the call returns or
/// netd restarts. Failpoints are compiled in by tools/test.sh (-p:CrimeshFailpoints=true); in a build
/// without them the same calls must simply succeed.
/// </summary>
public sealed class FailpointTests
{
    [Theory]
    [InlineData("netd.setup.recorded")]
    [InlineData("netd.setup.pinned")]
    [InlineData("netd.setup.added")]
    public async Task SetUpPod_FailsAtStep_UndoLeavesNothing(string failpoint)
    {
        await using var netd = await StartAsync($"{failpoint}=error");
        var request = TestPods.Request("fp", new PortMapping { ContainerPort = 80, HostPort = CriMesh.Testing.Tools.FreeTcpPort() });

        if (!Failpoint.Enabled)
        {
            await netd.Client.SetUpPodAsync(request);
            await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = request.SandboxId });
            PodNetworkLifecycleTests.AssertNothingLeft(netd, request.SandboxId);
            return;
        }
        var e = await Assert.ThrowsAsync<CriMeshException>(() => netd.Client.SetUpPodAsync(request).ResponseAsync);
        Assert.Equal($"failpoint {failpoint}", e.Message);
        await HostilePluginTests.AssertNoPodAsync(netd, request.SandboxId);
    }

    [Theory]
    [InlineData("netd.setup.recorded")]
    [InlineData("netd.setup.pinned")]
    [InlineData("netd.setup.added")]
    public async Task SetUpPod_KilledAtStep_RestartLeavesNothing(string failpoint)
    {
        await using var netd = await StartAsync($"{failpoint}=exit");
        var request = TestPods.Request("fp", new PortMapping { ContainerPort = 80, HostPort = CriMesh.Testing.Tools.FreeTcpPort() });

        var call = await Record.ExceptionAsync(() => netd.Client.SetUpPodAsync(request).ResponseAsync);
        Assert.Equal(Failpoint.Enabled, call is not null);
        netd.Environment.Clear();
        await netd.RestartAsync();
        if (!Failpoint.Enabled)
        {
            await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = request.SandboxId });
        }

        await HostilePluginTests.AssertNoPodAsync(netd, request.SandboxId);
    }

    [Fact]
    public async Task TearDownPod_KilledAfterDel_PodStillListedAndSecondTearDownCleans()
    {
        await using var netd = await StartAsync("netd.teardown.deleted=exit");
        var request = TestPods.Request("fp");
        var pod = (await netd.Client.SetUpPodAsync(request)).Network;

        var call = await Record.ExceptionAsync(() => netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = request.SandboxId }).ResponseAsync);
        Assert.Equal(Failpoint.Enabled, call is not null);
        netd.Environment.Clear();
        await netd.RestartAsync();
        if (Failpoint.Enabled)
        {
            Assert.Equal(pod, await netd.Client.GetPodNetworkAsync(new GetPodNetworkRequest { SandboxId = request.SandboxId }));
            await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = request.SandboxId });
        }

        await HostilePluginTests.AssertNoPodAsync(netd, request.SandboxId);
    }

    private static async Task<NetdProcess> StartAsync(string failpoints)
    {
        var netd = await NetdProcess.StartAsync();
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList());
        netd.Environment[Failpoint.Variable] = failpoints;
        await netd.RestartAsync();
        return netd;
    }
}
