using CriMesh.Netd.Tests.Support;
using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Tests.Api;

/// <summary>netd killed with SIGKILL while pods are up: networks survive, teardown still cleans everything.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_AfterSigkillWithConfigRemoved_PodsKeepNetworksAndTearDownFromCache()
    {
        await using var netd = await NetdProcess.StartAsync();
        var conf = Path.Combine(netd.ConfDir, "10-test.conflist");
        File.WriteAllText(conf, netd.Network.ConfList());
        var hostPort = CriMesh.Testing.Tools.FreeTcpPort();
        var requestA = TestPods.Request("a", new PortMapping { ContainerPort = 80, HostPort = hostPort });
        var requestB = TestPods.Request("b");
        var a = (await netd.Client.SetUpPodAsync(requestA)).Network;
        var b = (await netd.Client.SetUpPodAsync(requestB)).Network;

        await netd.KillAsync();
        File.Delete(conf);
        await netd.RestartAsync();

        var listed = (await netd.Client.ListPodNetworksAsync(new ListPodNetworksRequest())).Networks;
        Assert.Equal([a, b], listed.OrderBy(n => n.CreatedUnixNano).ToList());
        Assert.True(Host.IsMountPoint(a.NetnsPath));
        Assert.Equal(a, await netd.Client.GetPodNetworkAsync(new GetPodNetworkRequest { SandboxId = requestA.SandboxId }));
        await using (var listener = Host.Listener(b.NetnsPath, 8080))
        {
            Assert.Equal("hello", await PodNetworkLifecycleTests.ConnectFromNetnsAsync(a.NetnsPath, b.Ips[0], 8080));
        }
        Assert.False((await netd.Client.GetStatusAsync(new GetStatusRequest())).NetworkReady);

        await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = requestA.SandboxId });
        await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = requestB.SandboxId });
        PodNetworkLifecycleTests.AssertNothingLeft(netd, requestA.SandboxId, requestB.SandboxId);
    }

    [Fact]
    public async Task Restart_PinLostOrStrayPin_ReconcileTearsDownAndUnpins()
    {
        await using var netd = await NetdProcess.StartAsync();
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList());
        var lost = TestPods.Request("lost");
        var kept = TestPods.Request("kept");
        var stray = TestPods.Request("stray");
        var lostNet = (await netd.Client.SetUpPodAsync(lost)).Network;
        var keptNet = (await netd.Client.SetUpPodAsync(kept)).Network;
        var strayNet = (await netd.Client.SetUpPodAsync(stray)).Network;

        await netd.KillAsync();
        // The pod "lost" lost its namespace (as after a reboot); "stray" lost its record.
        Linux.Interop.Libc.Check(Linux.Interop.Libc.Umount2(lostNet.NetnsPath, Linux.Interop.Libc.MNT_DETACH), "umount2", lostNet.NetnsPath);
        File.Delete(Path.Combine(netd.RecordsDir, stray.SandboxId + ".rec"));
        await netd.RestartAsync();

        var listed = Assert.Single((await netd.Client.ListPodNetworksAsync(new ListPodNetworksRequest())).Networks);
        Assert.Equal(keptNet, listed);
        Assert.False(File.Exists(lostNet.NetnsPath));
        Assert.False(File.Exists(strayNet.NetnsPath));
        Assert.False(Host.IsMountPoint(strayNet.NetnsPath));
        // Not asserted for "lost": the bridge plugin (1.1.x) finds the addresses whose masquerade rules it
        // removes in the namespace, which is gone; after a reboot, the real case, those rules are gone too.
        Assert.Empty(Host.RulesMentioning(stray.SandboxId));
        // DEL from the cache (lost) and from the current config (stray) released their leases.
        Assert.Equal([keptNet.Ips[0]], netd.Network.Leases());
        Assert.True(Host.IsMountPoint(keptNet.NetnsPath));
    }

    [Fact]
    public async Task Restart_KilledDuringAdd_ReconcileUndoesTheHalfSetUp()
    {
        await using var netd = await NetdProcess.StartAsync(pluginTimeout: "60s");
        var type = FakePlugins.Hanging(netd.BinDir);
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList(extraPlugins: FakePlugins.Entry(type)));
        var request = TestPods.Request("interrupted");
        var call = netd.Client.SetUpPodAsync(request);
        try
        {
            for (var i = 0; i < 200 && FakePlugins.HangingPids(netd.BinDir).Count < 2; i++)
            {
                await Task.Delay(100);
            }
            Assert.Equal(2, FakePlugins.HangingPids(netd.BinDir).Count);
            Assert.Single(netd.Network.Leases());

            await netd.KillAsync();
        }
        finally
        {
            foreach (var pid in FakePlugins.HangingPids(netd.BinDir))
            {
                Linux.Interop.Libc.Kill(pid, 9);
            }
        }
        await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseAsync);
        await netd.RestartAsync();

        await HostilePluginTests.AssertNoPodAsync(netd, request.SandboxId);
    }
}
