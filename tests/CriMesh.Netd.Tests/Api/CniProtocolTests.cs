using System.Text.Json.Nodes;
using CriMesh.Common.Errors;
using CriMesh.Netd.Tests.Support;
using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Tests.Api;

/// <summary>What plugins receive, read back from a recording plugin placed before the real bridge and portmap.</summary>
public sealed class CniProtocolTests
{
    [Fact]
    public async Task SetUpCheckTearDown_PluginsGetArgsCapabilitiesAndCachedResult_AlsoAfterRestartWithoutConfig()
    {
        await using var netd = await NetdProcess.StartAsync();
        FakePlugins.Recorder(netd.BinDir);
        var conf = Path.Combine(netd.ConfDir, "10-test.conflist");
        // No portmap: its CHECK (1.1.x) fails for an IPv4-only host port ("could not check ipv6 dnat").
        File.WriteAllText(conf, netd.Network.ConfList(portmap: false).Replace("\"plugins\": [", "\"plugins\": [" + FakePlugins.RecorderEntry + ",", StringComparison.Ordinal));
        var hostPort = CriMesh.Testing.Tools.FreeTcpPort();
        var request = TestPods.Request("recorded",
            new PortMapping { ContainerPort = 80, HostPort = hostPort, Protocol = "UDP", HostIp = "127.0.0.1" },
            new PortMapping { ContainerPort = 81, HostPort = 0 });
        request.Bandwidth = new Bandwidth { IngressRate = 1_000_000, IngressBurst = 2_000_000 };
        request.Dns = new DnsConfig { Servers = { "10.96.0.10" }, Searches = { "svc.cluster.local" }, Options = { "ndots:5" } };
        request.CgroupParent = "/kubepods/pod-recorded";

        var pod = (await netd.Client.SetUpPodAsync(request)).Network;
        await netd.Client.CheckPodAsync(new CheckPodRequest { SandboxId = request.SandboxId });
        await netd.KillAsync();
        File.Delete(conf);
        await netd.RestartAsync();
        await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = request.SandboxId });

        var calls = File.ReadAllLines(Path.Combine(netd.BinDir, "calls.log"));
        var args = $"IgnoreUnknown=1;K8S_POD_NAMESPACE=netd-test;K8S_POD_NAME=recorded;K8S_POD_INFRA_CONTAINER_ID={request.SandboxId};K8S_POD_UID={request.PodUid}";
        Assert.Equal(
            [$"ADD {request.SandboxId} {pod.NetnsPath} eth0 {args}", $"CHECK {request.SandboxId} {pod.NetnsPath} eth0 {args}", $"DEL {request.SandboxId} {pod.NetnsPath} eth0 {args}"],
            calls);
        var add = Read(netd, "ADD.0.json");
        var check = Read(netd, "CHECK.1.json");
        var del = Read(netd, "DEL.2.json");
        Assert.Equal(netd.Network.Name, (string?)add["name"]);
        Assert.Equal("1.0.0", (string?)add["cniVersion"]);
        Assert.False(add.ContainsKey("prevResult"));
        var expectedRuntimeConfig = JsonNode.Parse($$"""
            {"portMappings": [{"hostPort": {{hostPort}}, "containerPort": 80, "protocol": "udp", "hostIP": "127.0.0.1"}],
             "bandwidth": {"ingressRate": 1000000, "ingressBurst": 2000000},
             "dns": {"servers": ["10.96.0.10"], "searches": ["svc.cluster.local"], "options": ["ndots:5"]},
             "cgroupPath": "/kubepods/pod-recorded"}
            """);
        Assert.True(JsonNode.DeepEquals(expectedRuntimeConfig, add["runtimeConfig"]), add["runtimeConfig"]?.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expectedRuntimeConfig, del["runtimeConfig"]), del["runtimeConfig"]?.ToJsonString());
        // CHECK and DEL get the chain's cached final result; DEL after the restart with the config gone.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pod.CniResultJson), check["prevResult"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pod.CniResultJson), del["prevResult"]));
        Assert.Contains(pod.Ips[0], del["prevResult"]!.ToJsonString(), StringComparison.Ordinal);
        PodNetworkLifecycleTests.AssertNothingLeft(netd, request.SandboxId);
    }

    [Fact]
    public async Task CheckPod_InterfaceRemovedInsidePod_BridgeCheckFailsAndTeardownStillCleans()
    {
        await using var netd = await NetdProcess.StartAsync();
        // No masquerade: with eth0 gone bridge's DEL cannot learn which addresses' rules to remove.
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList(ipMasq: false, portmap: false));
        var request = TestPods.Request("checked");
        var pod = (await netd.Client.SetUpPodAsync(request)).Network;
        await netd.Client.CheckPodAsync(new CheckPodRequest { SandboxId = request.SandboxId });

        var removed = await Host.InNetnsAsync(pod.NetnsPath, TimeSpan.FromSeconds(20), "ip", "link", "del", "eth0");
        Assert.Equal(0, removed.ExitCode);
        var e = await Assert.ThrowsAsync<CriMeshException>(() => netd.Client.CheckPodAsync(new CheckPodRequest { SandboxId = request.SandboxId }).ResponseAsync);

        Assert.StartsWith("cni plugin bridge CHECK failed: ", e.Message, StringComparison.Ordinal);
        await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = request.SandboxId });
        PodNetworkLifecycleTests.AssertNothingLeft(netd, request.SandboxId);
    }

    private static JsonObject Read(NetdProcess netd, string file) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(netd.BinDir, file)))!;
}
