using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Pods;

/// <summary>
/// Bad input and failing steps: each gets a clear status and leaves nothing (no netns, veth, lease,
/// cgroup, record, pin or pod dir). Failpoint tests need a build with -p:CrimeshFailpoints=true (tools/test.sh).
/// </summary>
[Collection(Node.NodeCollection.Name)]
public sealed class PodSandboxFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PodTestNode _pods = null!;

    public async Task InitializeAsync()
    {
        _pods = new PodTestNode(Log);
        await _pods.StartAsync();
    }

    public async Task DisposeAsync() => await _pods.DisposeAsync();

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

    private async Task<RpcException> RunFailsAsync(PodSandboxConfig config, string handler = "") =>
        await Assert.ThrowsAsync<RpcException>(async () =>
            await _pods.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = handler }));

    public static TheoryData<string, string> BadConfigs => new()
    {
        { "no-name", "config.metadata.name is required" },
        { "no-namespace", "config.metadata.namespace is required" },
        { "no-uid", "config.metadata.uid is required" },
        { "sysctl", "sysctl \"kernel.pid_max\" is not namespaced" },
        { "hostname", "config.hostname \"../../etc/x\"" },
        { "logdir", "config.log_directory \"/var/log/pods/../../../etc\"" },
        { "cgroup", "config.linux.cgroup_parent" },
        { "cniargs", "config.metadata.name \"x;K8S_POD_NAMESPACE=kube-system\"" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task RunPodSandbox_BadConfig_InvalidArgumentNamingTheFieldAndNothingLeft(string what, string expected)
    {
        var config = _pods.Config("bad");
        _ = what switch
        {
            "no-name" => config.Metadata.Name = "",
            "no-namespace" => config.Metadata.Namespace = "",
            "no-uid" => config.Metadata.Uid = "",
            "sysctl" => config.Linux.Sysctls["kernel.pid_max"] = "4096",
            "hostname" => config.Hostname = "../../etc/x",
            "logdir" => config.LogDirectory = "/var/log/pods/../../../etc",
            "cgroup" => config.Linux.CgroupParent = "/crimesh-test/../../escape",
            _ => config.Metadata.Name = "x;K8S_POD_NAMESPACE=kube-system",
        };

        var e = await RunFailsAsync(config);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(expected, e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Fact]
    public async Task RunPodSandbox_UnknownRuntimeHandler_InvalidArgument()
    {
        var e = await RunFailsAsync(_pods.Config("handler"), "kata-fc");

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("unknown runtime handler \"kata-fc\"", e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Fact]
    public async Task RunPodSandbox_SameNameTwice_AlreadyExistsAndOneNetwork()
    {
        var config = _pods.Config("twice");
        var id = (await _pods.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config })).PodSandboxId;

        var e = await RunFailsAsync(config);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                await _pods.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config });
                return StatusCode.OK;
            }
            catch (RpcException r)
            {
                return r.StatusCode;
            }
        }));

        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        Assert.Contains(id, e.Status.Detail, StringComparison.Ordinal);
        Assert.All(concurrent, c => Assert.Equal(StatusCode.AlreadyExists, c));
        Assert.Single((await _pods.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items);
        Assert.Single(await _pods.LeftoversAsync(), l => l.StartsWith("lease ", StringComparison.Ordinal));

        await _pods.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
        var again = (await _pods.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config })).PodSandboxId;
        Assert.NotEqual(id, again);
        await _pods.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = again });
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Fact]
    public async Task RunPodSandbox_ConcurrentDistinctPods_AllGetDistinctIps()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
            (await _pods.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = _pods.Config($"many{i}") })).PodSandboxId));

        var ips = new List<string>();
        foreach (var id in ids)
        {
            ips.Add((await _pods.StatusAsync(id)).Status.Network.Ip);
        }
        Assert.Equal(6, ips.Distinct().Count());
        await Task.WhenAll(ids.Select(async id => await _pods.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id })));
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Theory]
    [InlineData("gateway.runp.reserve")]
    [InlineData("gateway.runp.record")]
    [InlineData("gateway.runp.poddir")]
    [InlineData("gateway.runp.cgroup")]
    [InlineData("gateway.runp.network")]
    [InlineData("gateway.runp.namespaces")]
    [InlineData("gateway.runp.infra")]
    [InlineData("gateway.runp.files")]
    [InlineData("gateway.runp.commit")]
    public async Task RunPodSandbox_FailpointAtStep_UndoesEveryEarlierStep(string failpoint)
    {
        Assert.True(CriMesh.Common.Operations.Failpoint.Enabled, "failpoints are compiled out: build with -p:CrimeshFailpoints=true (tools/test.sh does)");
        await _pods.RestartGatewayAsync(failpoint);
        var config = _pods.Config("failing");
        config.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Pod } };
        config.PortMappings.Add(new PortMapping { ContainerPort = 80, HostPort = CriMesh.Testing.Tools.FreeTcpPort() });

        var e = await RunFailsAsync(config);

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Contains($"failpoint {failpoint}", e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await _pods.LeftoversAsync());
        Assert.Empty((await _pods.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items);

        // The name is free again: the same pod runs once the failpoint is off.
        await _pods.RestartGatewayAsync();
        var id = (await _pods.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config })).PodSandboxId;
        await _pods.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
        Assert.Empty(await _pods.LeftoversAsync());
    }
}
