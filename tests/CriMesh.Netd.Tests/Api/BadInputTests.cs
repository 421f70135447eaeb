using CriMesh.Common.Errors;
using CriMesh.Netd.Tests.Support;
using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Tests.Api;

/// <summary>Malformed, hostile and concurrent requests against the real daemon: clear statuses, nothing left.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task SetUpPod_MalformedRequests_InvalidArgumentAndNothingCreated()
    {
        await using var netd = await NetdProcess.StartAsync();
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList());
        var outside = Path.Combine(netd.Dir.Path, "escaped");
        var cases = new (Action<SetUpPodRequest> Mutate, string Message)[]
        {
            (r => r.SandboxId = "", "sandbox_id is required"),
            (r => r.SandboxId = "../escaped", "sandbox_id \"../escaped\" is invalid"),
            (r => r.SandboxId = "../../" + Path.GetFileName(netd.Dir.Path) + "/escaped", "is invalid"),
            (r => r.SandboxId = "a/b", "is invalid"),
            (r => r.SandboxId = ".hidden", "is invalid"),
            (r => r.SandboxId = new string('a', 129), "is invalid"),
            (r => r.PodName = "", "pod_name is required"),
            (r => r.PodNamespace = "", "pod_namespace is required"),
            (r => r.PodName = "x;K8S_POD_NAMESPACE=kube-system", "pod_name \"x;K8S_POD_NAMESPACE=kube-system\" is invalid"),
            (r => r.PodUid = "a b", "pod_uid \"a b\" is invalid"),
            (r => r.PortMappings.Add(new PortMapping { ContainerPort = 0, HostPort = 80 }), "port mapping 80:0/tcp is out of range"),
            (r => r.PortMappings.Add(new PortMapping { ContainerPort = 80, HostPort = 70000 }), "out of range"),
            (r => r.PortMappings.Add(new PortMapping { ContainerPort = 80, HostPort = 80, Protocol = "icmp" }), "protocol \"icmp\" is invalid"),
            (r => r.PortMappings.Add(new PortMapping { ContainerPort = 80, HostPort = 80, HostIp = "localhost" }), "host_ip \"localhost\" is not an IP address"),
            (r => r.Ips.Add("10.201.0.999"), "ips: \"10.201.0.999\" is not an IP address"),
            (r => r.Bandwidth = new Bandwidth { IngressRate = -1 }, "must not be negative"),
        };
        foreach (var (mutate, message) in cases)
        {
            var request = TestPods.Request("bad");
            mutate(request);
            var e = await Assert.ThrowsAsync<CriMeshException>(() => netd.Client.SetUpPodAsync(request).ResponseAsync);
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
            Assert.Contains(message, e.Message, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(outside));
        await HostilePluginTests.AssertNoPodAsync(netd, "none");

        foreach (var id in new[] { "", "../x", "a/b" })
        {
            Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<CriMeshException>(
                () => netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = id }).ResponseAsync)).Kind);
            Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<CriMeshException>(
                () => netd.Client.GetPodNetworkAsync(new GetPodNetworkRequest { SandboxId = id }).ResponseAsync)).Kind);
            Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<CriMeshException>(
                () => netd.Client.CheckPodAsync(new CheckPodRequest { SandboxId = id }).ResponseAsync)).Kind);
        }
        // Unknown but well-formed: teardown succeeds, get and check are NotFound.
        var unknown = new string('f', 64);
        await netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = unknown });
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<CriMeshException>(
            () => netd.Client.GetPodNetworkAsync(new GetPodNetworkRequest { SandboxId = unknown }).ResponseAsync)).Kind);
    }

    [Fact]
    public async Task SetUpPod_SameSandboxConcurrently_OneNetwork()
    {
        await using var netd = await NetdProcess.StartAsync();
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList());
        var request = TestPods.Request("racy");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => netd.Client.SetUpPodAsync(request).ResponseAsync));

        Assert.All(results, r => Assert.Equal(results[0].Network, r.Network));
        Assert.Single(netd.Network.Leases());
        Assert.Single(netd.Network.Veths());

        var clash = request.Clone();
        clash.PodName = "someone-else";
        var e = await Assert.ThrowsAsync<CriMeshException>(() => netd.Client.SetUpPodAsync(clash).ResponseAsync);
        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = request.SandboxId }).ResponseAsync));
        PodNetworkLifecycleTests.AssertNothingLeft(netd, request.SandboxId);
    }

    [Fact]
    public async Task SetUpPod_ManyPodsConcurrently_DistinctIpsAllTornDown()
    {
        await using var netd = await NetdProcess.StartAsync();
        File.WriteAllText(Path.Combine(netd.ConfDir, "10-test.conflist"), netd.Network.ConfList());
        var requests = Enumerable.Range(0, 8).Select(i => TestPods.Request($"p{i}")).ToList();

        var networks = await Task.WhenAll(requests.Select(r => netd.Client.SetUpPodAsync(r).ResponseAsync));

        Assert.Equal(8, networks.Select(n => n.Network.Ips[0]).Distinct().Count());
        Assert.Equal(8, netd.Network.Leases().Count);
        await Task.WhenAll(requests.Select(r => netd.Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = r.SandboxId }).ResponseAsync));
        PodNetworkLifecycleTests.AssertNothingLeft(netd, requests.Select(r => r.SandboxId).ToArray());
    }
}
