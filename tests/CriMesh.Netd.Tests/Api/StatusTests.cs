using CriMesh.Common.Errors;
using CriMesh.Netd.Tests.Support;
using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Tests.Api;

/// <summary>Network readiness follows the conf dir without a restart.</summary>
public sealed class StatusTests
{
    [Fact]
    public async Task GetStatus_ConfDirChanges_FollowedWithoutRestart()
    {
        await using var netd = await NetdProcess.StartAsync();
        var client = netd.Client;

        var empty = await client.GetStatusAsync(new GetStatusRequest());
        Assert.False(empty.NetworkReady);
        Assert.Equal("NoCNIConfig", empty.Reason);
        Assert.Contains(netd.ConfDir, empty.Message, StringComparison.Ordinal);

        var broken = Path.Combine(netd.ConfDir, "05-broken.conflist");
        File.WriteAllText(broken, """{"cniVersion": "1.0.0", "name": "x", "plugins": [ {"type": """);
        File.WriteAllText(Path.Combine(netd.ConfDir, "06-notype.conf"), """{"cniVersion": "1.0.0", "name": "y", "type": "../../bin/sh"}""");
        File.WriteAllText(Path.Combine(netd.ConfDir, "README.md"), "not a config");
        var invalid = await client.GetStatusAsync(new GetStatusRequest());
        Assert.False(invalid.NetworkReady);
        Assert.Equal("InvalidCNIConfig", invalid.Reason);
        Assert.Contains("05-broken.conflist: not valid JSON", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("06-notype.conf: a plugin has no valid \"type\"", invalid.Message, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<CriMeshException>(() => client.SetUpPodAsync(TestPods.Request("early")).ResponseAsync);
        Assert.Equal(ErrorKind.FailedPrecondition, refused.Kind);
        Assert.StartsWith("network not ready: InvalidCNIConfig: ", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(netd.NetnsDir));

        File.WriteAllText(Path.Combine(netd.ConfDir, "10-missing.conflist"),
            """{"cniVersion": "1.0.0", "name": "missing", "plugins": [{"type": "no-such-plugin"}]}""");
        var missing = await client.GetStatusAsync(new GetStatusRequest());
        Assert.False(missing.NetworkReady);
        Assert.Equal("CNIPluginMissing", missing.Reason);
        Assert.Contains("no-such-plugin", missing.Message, StringComparison.Ordinal);

        var good = Path.Combine(netd.ConfDir, "07-good.conflist");
        File.WriteAllText(good, netd.Network.ConfList(name: "good"));
        var ready = await client.GetStatusAsync(new GetStatusRequest());
        Assert.True(ready.NetworkReady, ready.Message);
        Assert.Equal(good, ready.ConfigPath);
        Assert.Equal("good", ready.NetworkName);
        Assert.Equal("", ready.Reason);

        // The lexically first usable file wins, also when it arrives later.
        var first = Path.Combine(netd.ConfDir, "01-first.conf");
        File.WriteAllText(first, $$"""{"cniVersion": "0.4.0", "name": "first", "type": "loopback"}""");
        var switched = await client.GetStatusAsync(new GetStatusRequest());
        Assert.Equal(first, switched.ConfigPath);

        File.Delete(first);
        File.Delete(good);
        var gone = await client.GetStatusAsync(new GetStatusRequest());
        Assert.False(gone.NetworkReady);
        Assert.Equal("CNIPluginMissing", gone.Reason);
    }

    [Fact]
    public async Task GetStatus_ConfDirMissingThenCreated_BecomesReady()
    {
        await using var netd = await NetdProcess.StartAsync();
        Directory.Delete(netd.ConfDir);
        var missing = await netd.Client.GetStatusAsync(new GetStatusRequest());
        Assert.False(missing.NetworkReady);
        Assert.Equal("NoCNIConfig", missing.Reason);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        Directory.CreateDirectory(netd.ConfDir);
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.json"), netd.Network.ConfList());
        Assert.True((await netd.Client.GetStatusAsync(new GetStatusRequest())).NetworkReady);
    }
}
