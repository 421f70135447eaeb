using System.Diagnostics;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Pods;

/// <summary>
/// CNI going wrong under RunPodSandbox, seen through the gateway: a plugin chained after the real bridge
/// (so bridge and host-local have done real work that must be undone) that fails, hangs past netd's plugin
/// deadline, or prints garbage; a conf dir whose only file is broken. Each is a clear gRPC status and
/// leaves nothing: no netns pin, veth, lease, cgroup, gateway or netd record, pod dir or bind mount.
/// The fake plugins are shell scripts in the node's own plugin dir, in front of /usr/lib/cni.
/// </summary>
[Collection(Node.NodeCollection.Name)]
public sealed class PodSandboxCniFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PodTestNode _pods = null!;

    public async Task InitializeAsync()
    {
        _pods = new PodTestNode(Log, netdToml: "cni_plugin_timeout = \"2s\"");
        await _pods.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _pods.DisposeAsync();
        foreach (var pid in HangingPids())
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
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

    public static TheoryData<string, StatusCode, string> BadPlugins => new()
    {
        { "failing", StatusCode.Internal, "cni plugin crimesh-failing ADD failed: code 7: invalid network config (the test says no)" },
        { "hanging", StatusCode.DeadlineExceeded, "cni plugin crimesh-hanging ADD did not finish within 2s and was killed" },
        { "garbage", StatusCode.Internal, "cni plugin crimesh-garbage ADD printed an invalid result" },
    };

    [Theory]
    [MemberData(nameof(BadPlugins))]
    public async Task RunPodSandbox_ChainedPluginMisbehaves_ClearStatusAndNothingLeft(string plugin, StatusCode code, string message)
    {
        WritePlugin(plugin);
        WriteConfList($", {{ \"type\": \"crimesh-{plugin}\" }}");
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await _pods.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = _pods.Config(plugin) }));

        Assert.Equal(code, e.StatusCode);
        Assert.Contains(message, e.Status.Detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"RunPodSandbox took {watch.Elapsed}");
        Assert.Empty(await _pods.LeftoversAsync());
        Assert.Empty((await _pods.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items);
        Assert.All(HangingPids(), pid => Assert.False(IsRunning(pid), $"plugin process {pid} still runs"));
        if (plugin == "hanging")
        {
            Assert.Equal(2, HangingPids().Count);
        }
        await AssertTheNameRunsOnceTheNetworkIsFixedAsync(plugin);
    }

    public static TheoryData<string, string> BrokenConfDirs => new()
    {
        { "not-json", "05-broken.conflist: not valid JSON" },
        { "no-such-plugin", "plugin(s) crimesh-nowhere not found" },
    };

    [Theory]
    [MemberData(nameof(BrokenConfDirs))]
    public async Task RunPodSandbox_ConfDirWithOnlyABrokenFile_FailedPreconditionNamingItAndNothingLeft(string what, string message)
    {
        File.Delete(Path.Combine(_pods.CniDir, "10-pods.conflist"));
        File.WriteAllText(Path.Combine(_pods.CniDir, "05-broken.conflist"), what == "not-json"
            ? """{"cniVersion": "1.0.0", "name": "x", "plugins": [ {"type": """
            : """{"cniVersion": "1.0.0", "name": "x", "plugins": [ {"type": "crimesh-nowhere"} ]}""");

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await _pods.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = _pods.Config(what) }));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("network not ready", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(message, e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await _pods.LeftoversAsync());
        Assert.Empty((await _pods.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items);

        // A valid file appearing after the broken one is used without a restart (a broken file that sorts
        // first is skipped when a later one parses).
        File.Delete(Path.Combine(_pods.CniDir, "05-broken.conflist"));
        File.WriteAllText(Path.Combine(_pods.CniDir, "01-broken.conflist"), "{ not json");
        await AssertTheNameRunsOnceTheNetworkIsFixedAsync(what);
    }

    /// <summary>kubelet's retry after the network is fixed: the same name runs, with an IP of our subnet, and goes cleanly.</summary>
    private async Task AssertTheNameRunsOnceTheNetworkIsFixedAsync(string name)
    {
        WriteConfList("");
        var id = (await _pods.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = _pods.Config(name) })).PodSandboxId;
        Assert.StartsWith(_pods.Subnet + ".", (await _pods.StatusAsync(id)).Status.Network.Ip, StringComparison.Ordinal);
        await _pods.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });
        await _pods.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
        Assert.Empty(await _pods.LeftoversAsync());
    }

    /// <summary>The node's network (bridge + host-local of this test) with <paramref name="extraPlugins"/> chained after bridge.</summary>
    private void WriteConfList(string extraPlugins) =>
        File.WriteAllText(Path.Combine(_pods.CniDir, "10-pods.conflist"), $$"""
            {
              "cniVersion": "1.0.0",
              "name": "{{PodTestNode.NetworkName}}",
              "plugins": [
                { "type": "bridge", "bridge": "{{_pods.Bridge}}", "isGateway": true, "ipMasq": false,
                  "ipam": { "type": "host-local", "dataDir": "{{_pods.IpamDir}}", "ranges": [[{ "subnet": "{{_pods.Subnet}}.0/24" }]] } }{{extraPlugins}}
              ]
            }
            """);

    /// <summary>
    /// A shell-script plugin that misbehaves on ADD only (DEL and CHECK succeed, as a real plugin's cleanup
    /// after one bad ADD would): "failing" prints a spec error object with code 7 and exits 1; "hanging"
    /// sleeps 600 s in a child and records both PIDs; "garbage" prints what is not JSON and exits 0.
    /// </summary>
    private void WritePlugin(string kind)
    {
        var add = kind switch
        {
            "failing" => """
                echo '{"cniVersion": "1.0.0", "code": 7, "msg": "invalid network config", "details": "the test says no"}'
                exit 1
                """,
            "hanging" => """
                sleep 600 &
                echo $$ $! >>"$(dirname "$0")/hanging.pids"
                wait
                """,
            _ => """
                printf 'this is not a cni result {{{\001'
                exit 0
                """,
        };
        var path = Path.Combine(_pods.BinDir, "crimesh-" + kind);
        File.WriteAllText(path, $"""
            #!/bin/sh
            # A misbehaving CNI plugin written by PodSandboxCniFailureTests.
            cat >/dev/null
            if [ "$CNI_COMMAND" != "ADD" ]; then
                [ "$CNI_COMMAND" = "VERSION" ] && echo '{"{"}"cniVersion": "1.0.0", "supportedVersions": ["1.0.0"]{"}"}'
                exit 0
            fi
            {add}

            """);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    private List<int> HangingPids()
    {
        var file = Path.Combine(_pods.BinDir, "hanging.pids");
        return File.Exists(file)
            ? File.ReadAllText(file).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()
            : [];
    }

    private static bool IsRunning(int pid) => CriMesh.Linux.ProcFs.ProcStat.State(pid) is not (null or 'Z');
}
