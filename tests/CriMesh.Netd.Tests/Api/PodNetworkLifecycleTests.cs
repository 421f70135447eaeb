using System.Net.Sockets;
using CriMesh.Common.Errors;
using CriMesh.Netd.Tests.Support;
using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Tests.Api;

/// <summary>The real daemon with the real bridge, host-local and portmap plugins.</summary>
public sealed class PodNetworkLifecycleTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task SetUpPod_TwoPods_ReachEachOtherAndTearDownLeavesNothing()
    {
        await using var netd = await NetdProcess.StartAsync();
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList());
        var client = netd.Client;
        var requestA = TestPods.Request("a");
        var requestB = TestPods.Request("b");

        var a = (await client.SetUpPodAsync(requestA)).Network;
        var b = (await client.SetUpPodAsync(requestB)).Network;

        Assert.Equal(Path.Combine(netd.NetnsDir, requestA.SandboxId), a.NetnsPath);
        Assert.True(Host.IsMountPoint(a.NetnsPath));
        var ipA = Assert.Single(a.Ips);
        var ipB = Assert.Single(b.Ips);
        Assert.StartsWith($"10.201.{netd.Network.Octet}.", ipA, StringComparison.Ordinal);
        Assert.NotEqual(ipA, ipB);
        Assert.Equal(netd.Network.Name, a.NetworkName);
        Assert.Equal(requestA.PodUid, a.PodUid);
        Assert.Contains("\"ips\"", a.CniResultJson, StringComparison.Ordinal);
        Assert.Equal(2, netd.Network.Veths().Count);
        Assert.Equal(2, netd.Network.Leases().Count);

        // Loopback is up inside, and pod A reaches a listener inside pod B by B's IP.
        var lo = await Host.InNetnsAsync(a.NetnsPath, Bounded, "ip", "-o", "link", "show", "lo");
        Assert.Contains("UP", lo.Stdout, StringComparison.Ordinal);
        await using (var listener = Host.Listener(b.NetnsPath, 8080))
        {
            var reply = await ConnectFromNetnsAsync(a.NetnsPath, ipB, 8080);
            Assert.Equal("hello", reply);
        }

        // Idempotent: the same request again is the same network; Get/List/Check agree.
        var again = (await client.SetUpPodAsync(requestA)).Network;
        Assert.Equal(a, again);
        Assert.Equal(a, await client.GetPodNetworkAsync(new GetPodNetworkRequest { SandboxId = requestA.SandboxId }));
        Assert.Equal(2, (await client.ListPodNetworksAsync(new ListPodNetworksRequest())).Networks.Count);
        await client.CheckPodAsync(new CheckPodRequest { SandboxId = requestA.SandboxId });
        Assert.NotEmpty(Host.RulesMentioning(requestA.SandboxId));

        await client.TearDownPodAsync(new TearDownPodRequest { SandboxId = requestA.SandboxId });
        await client.TearDownPodAsync(new TearDownPodRequest { SandboxId = requestB.SandboxId });
        await client.TearDownPodAsync(new TearDownPodRequest { SandboxId = requestB.SandboxId });

        AssertNothingLeft(netd, requestA.SandboxId, requestB.SandboxId);
        var gone = await Assert.ThrowsAsync<CriMeshException>(() => client.GetPodNetworkAsync(new GetPodNetworkRequest { SandboxId = requestA.SandboxId }).ResponseAsync);
        Assert.Equal(ErrorKind.NotFound, gone.Kind);
        var check = await Assert.ThrowsAsync<CriMeshException>(() => client.CheckPodAsync(new CheckPodRequest { SandboxId = requestA.SandboxId }).ResponseAsync);
        Assert.Equal(ErrorKind.NotFound, check.Kind);
    }

    [Fact]
    public async Task SetUpPod_HostPort_AnswersOnLoopbackAndRuleGoesWithThePod()
    {
        await using var netd = await NetdProcess.StartAsync();
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList());
        var hostPort = CriMesh.Testing.Tools.FreeTcpPort();
        var request = TestPods.Request("web", new PortMapping { Protocol = "TCP", ContainerPort = 8080, HostPort = hostPort, HostIp = "127.0.0.1" });

        var pod = (await netd.Client.SetUpPodAsync(request)).Network;
        await using (var listener = Host.Listener(pod.NetnsPath, 8080))
        {
            Assert.Equal("hello", await ConnectAsync("127.0.0.1", hostPort));
        }
        Assert.Contains(Host.RulesMentioning(request.SandboxId), r => r.Contains(hostPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = request.SandboxId });
        AssertNothingLeft(netd, request.SandboxId);
    }

    [Fact]
    public async Task SetUpPod_DualStack_ReturnsIpv4ThenIpv6()
    {
        await using var netd = await NetdProcess.StartAsync();
        var v6 = $"fd00:10:201:{netd.Network.Octet:x}::/64";
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList(ipMasq: false, portmap: false, ipv6Subnet: v6));
        var request = TestPods.Request("dual");

        var pod = (await netd.Client.SetUpPodAsync(request)).Network;

        Assert.Equal(2, pod.Ips.Count);
        Assert.StartsWith($"10.201.{netd.Network.Octet}.", pod.Ips[0], StringComparison.Ordinal);
        Assert.StartsWith($"fd00:10:201:{netd.Network.Octet:x}:", pod.Ips[1], StringComparison.Ordinal);
        await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = request.SandboxId });
        AssertNothingLeft(netd, request.SandboxId);
    }

    internal static void AssertNothingLeft(NetdProcess netd, params string[] sandboxIds)
    {
        foreach (var id in sandboxIds)
        {
            Assert.False(File.Exists(Path.Combine(netd.NetnsDir, id)), $"pin of {id} left");
            Assert.False(Host.IsMountPoint(Path.Combine(netd.NetnsDir, id)), $"mount of {id} left");
            Assert.False(File.Exists(Path.Combine(netd.RecordsDir, id + ".rec")), $"record of {id} left");
            Assert.Empty(Host.RulesMentioning(id));
        }
        Assert.Empty(netd.Network.Veths());
        Assert.Empty(netd.Network.Leases());
    }

    internal static async Task<string> ConnectFromNetnsAsync(string netns, string ip, int port)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var result = await Host.InNetnsAsync(netns, Bounded, "busybox", "nc", "-w", "3", ip, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (result.Stdout.Trim().Length > 0)
            {
                return result.Stdout.Trim();
            }
            await Task.Delay(100);
        }
        return "";
    }

    private static async Task<string> ConnectAsync(string ip, int port)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                using var tcp = new TcpClient();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await tcp.ConnectAsync(ip, port, cts.Token);
                using var reader = new StreamReader(tcp.GetStream());
                var line = await reader.ReadLineAsync(cts.Token);
                if (!string.IsNullOrEmpty(line))
                {
                    return line;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
            }
            await Task.Delay(100);
        }
        return "";
    }
}
