using System.Diagnostics;
using CriMesh.Common.Errors;
using CriMesh.Netd.Tests.Support;
using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Tests.Api;

/// <summary>
/// A plugin after bridge + host-local that fails, hangs or prints garbage: the call gets a clear status and
/// the DEL that follows releases what bridge and host-local did (no veth, no lease, no pin, no record).
/// </summary>
public sealed class HostilePluginTests
{
    [Fact]
    public async Task SetUpPod_PluginErrorResult_SurfacesCodeAndMessageAndLeavesNothing()
    {
        await using var netd = await NetdProcess.StartAsync();
        var type = FakePlugins.Failing(netd.BinDir);
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList(portmap: false, extraPlugins: FakePlugins.Entry(type)));
        var request = TestPods.Request("fails");

        var e = await Assert.ThrowsAsync<CriMeshException>(() => netd.Client.SetUpPodAsync(request).ResponseAsync);

        Assert.Equal(ErrorKind.Internal, e.Kind);
        Assert.Equal($"cni plugin {type} ADD failed: code 7: invalid network config (the test says no)", e.Message);
        await AssertNoPodAsync(netd, request.SandboxId);
    }

    [Fact]
    public async Task SetUpPod_PluginHangs_DeadlineExceededWithinTheTimeoutAndLeavesNothing()
    {
        await using var netd = await NetdProcess.StartAsync(pluginTimeout: "2s");
        var type = FakePlugins.Hanging(netd.BinDir);
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList(portmap: false, extraPlugins: FakePlugins.Entry(type)));
        var request = TestPods.Request("hangs");
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<CriMeshException>(() => netd.Client.SetUpPodAsync(request).ResponseAsync);

        Assert.Equal(ErrorKind.DeadlineExceeded, e.Kind);
        Assert.Equal($"cni plugin {type} ADD did not finish within 2s and was killed", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        await AssertNoPodAsync(netd, request.SandboxId);
        var pids = FakePlugins.HangingPids(netd.BinDir);
        Assert.Equal(2, pids.Count);
        Assert.All(pids, pid => Assert.False(Host.IsRunning(pid), $"plugin process {pid} still runs"));
    }

    [Fact]
    public async Task SetUpPod_PluginPrintsGarbage_InternalAndLeavesNothing()
    {
        await using var netd = await NetdProcess.StartAsync();
        var type = FakePlugins.Garbage(netd.BinDir);
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList(portmap: false, extraPlugins: FakePlugins.Entry(type)));
        var request = TestPods.Request("garbage");

        var e = await Assert.ThrowsAsync<CriMeshException>(() => netd.Client.SetUpPodAsync(request).ResponseAsync);

        Assert.Equal(ErrorKind.Internal, e.Kind);
        Assert.StartsWith($"cni plugin {type} ADD printed an invalid result", e.Message, StringComparison.Ordinal);
        Assert.Contains("this is not a cni result", e.Message, StringComparison.Ordinal);
        await AssertNoPodAsync(netd, request.SandboxId);
    }

    [Fact]
    public async Task SetUpPod_PluginCrashesWithText_ExitCodeOutputAndStderrInMessage()
    {
        await using var netd = await NetdProcess.StartAsync();
        var type = FakePlugins.Crashing(netd.BinDir);
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList(portmap: false, extraPlugins: FakePlugins.Entry(type)));
        var request = TestPods.Request("crash");

        var e = await Assert.ThrowsAsync<CriMeshException>(() => netd.Client.SetUpPodAsync(request).ResponseAsync);

        Assert.Equal(ErrorKind.Internal, e.Kind);
        Assert.Equal($"cni plugin {type} ADD failed: exit code 2, no cni error object on stdout: panic: runtime error: index out of range; stderr: goroutine 1 [running]", e.Message);
        await AssertNoPodAsync(netd, request.SandboxId);
    }

    [Fact]
    public async Task SetUpPod_RealPluginRejectsConfig_ItsErrorCodeSurfaces()
    {
        await using var netd = await NetdProcess.StartAsync();
        // host-local refuses a range that is not a subnet; the bridge plugin passes its error through.
        var broken = netd.Network.ConfList(portmap: false).Replace(netd.Network.Subnet, "10.201.300.0/24", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), broken);
        var request = TestPods.Request("rejected");

        var e = await Assert.ThrowsAsync<CriMeshException>(() => netd.Client.SetUpPodAsync(request).ResponseAsync);

        Assert.StartsWith("cni plugin bridge ADD failed: code ", e.Message, StringComparison.Ordinal);
        await AssertNoPodAsync(netd, request.SandboxId);
    }

    internal static async Task AssertNoPodAsync(NetdProcess netd, string sandboxId)
    {
        PodNetworkLifecycleTests.AssertNothingLeft(netd, sandboxId);
        Assert.Empty((await netd.Client.ListPodNetworksAsync(new ListPodNetworksRequest())).Networks);
        Assert.Empty(Directory.EnumerateFiles(netd.RecordsDir, "*.rec"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(netd.NetnsDir));
    }
}
