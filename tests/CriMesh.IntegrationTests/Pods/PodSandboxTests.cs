using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing;
using Grpc.Core;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Pods;

/// <summary>
/// The sandbox RPCs end to end through the gateway socket, with real netd, CNI bridge + host-local +
/// portmap, pinned namespaces and cgroups; every test checks that nothing of its pods is left.
/// </summary>
[Collection(Node.NodeCollection.Name)]
public sealed class PodSandboxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PodTestNode _pods = null!;

    private RuntimeService.RuntimeServiceClient Runtime => _pods.Runtime;

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
            // The test already ended.
        }
    }

    private async Task<string> RunAsync(PodSandboxConfig config, string handler = "") =>
        (await Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = handler })).PodSandboxId;

    private async Task StopAndRemoveAsync(string id)
    {
        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });
        await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
    }

    [Fact]
    public async Task RunStatusStopRemove_Pod_HasIpThenLeavesNothing()
    {
        var config = _pods.Config("web");
        config.DnsConfig = new DNSConfig { Servers = { "10.202.0.53" }, Searches = { "pods-test.svc.cluster.local" }, Options = { "ndots:5", "timeout:2" } };
        config.Linux.Sysctls["net.ipv4.ip_unprivileged_port_start"] = "80";
        config.Linux.Sysctls["kernel.shmmni"] = "1234";

        var id = await RunAsync(config, "runc");

        var status = (await _pods.StatusAsync(id)).Status;
        Assert.Equal(PodSandboxState.SandboxReady, status.State);
        Assert.StartsWith(_pods.Subnet + ".", status.Network.Ip, StringComparison.Ordinal);
        Assert.Equal("runc", status.RuntimeHandler);
        Assert.Equal("web", status.Labels["app"]);
        Assert.Equal("made by PodSandboxTests", status.Annotations["note"]);
        Assert.True(status.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1_000_000);
        Assert.Equal(config.Metadata, status.Metadata);

        var info = await _pods.InfoAsync(id);
        var netns = info.GetProperty("netnsPath").GetString()!;
        var uts = info.GetProperty("utsPath").GetString()!;
        var ipc = info.GetProperty("ipcPath").GetString()!;
        Assert.Equal("nameserver 10.202.0.53\nsearch pods-test.svc.cluster.local\noptions ndots:5 timeout:2\n",
            File.ReadAllText(info.GetProperty("resolvConfPath").GetString()!));
        Assert.Contains(status.Network.Ip + "\tweb", File.ReadAllText(info.GetProperty("hostsPath").GetString()!), StringComparison.Ordinal);
        Assert.Equal("web", (await ChildProcess.RunAsync("nsenter", [$"--uts={uts}", "hostname"], TimeSpan.FromSeconds(10))).Stdout.Trim());
        Assert.Equal("1234", (await ChildProcess.RunAsync("nsenter", [$"--ipc={ipc}", "cat", "/proc/sys/kernel/shmmni"], TimeSpan.FromSeconds(10))).Stdout.Trim());
        Assert.Equal("80", (await PodTestNode.InNetnsAsync(netns, "cat", "/proc/sys/net/ipv4/ip_unprivileged_port_start")).Stdout.Trim());
        Assert.Contains(status.Network.Ip, (await PodTestNode.InNetnsAsync(netns, "ip", "-o", "addr")).Stdout, StringComparison.Ordinal);
        Assert.Single(_pods.PodCgroupDirs(), d => d.StartsWith("/sys/fs/cgroup/memory/", StringComparison.Ordinal));
        Assert.Equal(id, Assert.Single((await Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items).Id);

        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });
        var stopped = (await _pods.StatusAsync(id)).Status;
        Assert.Equal(PodSandboxState.SandboxNotready, stopped.State);
        Assert.Equal("", stopped.Network.Ip);
        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });

        await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
        await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });
        var gone = await Assert.ThrowsAsync<RpcException>(async () => await _pods.StatusAsync(id));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Empty(await _pods.LeftoversAsync());
        Assert.Empty(_pods.Node.ErrorLines());
    }

    [Fact]
    public async Task TwoPods_ReachEachOtherByPodIp()
    {
        var a = await RunAsync(_pods.Config("alpha"));
        var b = await RunAsync(_pods.Config("beta"));
        var netnsA = (await _pods.InfoAsync(a)).GetProperty("netnsPath").GetString()!;
        var ipB = (await _pods.StatusAsync(b)).Status.Network.Ip;

        var ping = await PodTestNode.InNetnsAsync(netnsA, "busybox", "ping", "-c", "1", "-W", "3", ipB);

        Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
        await StopAndRemoveAsync(a);
        await StopAndRemoveAsync(b);
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Fact]
    public async Task HostPort_ThroughPortmap_AnswersOnLoopback()
    {
        var hostPort = Tools.FreeTcpPort();
        var config = _pods.Config("served");
        config.PortMappings.Add(new PortMapping { Protocol = Protocol.Tcp, ContainerPort = 8080, HostPort = hostPort });
        var id = await RunAsync(config);
        var netns = (await _pods.InfoAsync(id)).GetProperty("netnsPath").GetString()!;
        var site = _pods.Node.Dir.CreateSubdirectory("site");
        File.WriteAllText(Path.Combine(site, "index.html"), "hello from the pod\n");

        await using (var httpd = ChildProcess.Start("nsenter", [$"--net={netns}", "busybox", "httpd", "-f", "-p", "8080", "-h", site]))
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string? body = null;
            for (var i = 0; i < 50 && body is null; i++)
            {
                try
                {
                    body = await http.GetStringAsync($"http://127.0.0.1:{hostPort}/index.html");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }
            Assert.Equal("hello from the pod\n", body);
        }

        await StopAndRemoveAsync(id);
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Fact]
    public async Task PidModePod_InfraProcessIsPid1ThenGoneOnStop()
    {
        var config = _pods.Config("shared-pid");
        config.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Pod } };
        var id = await RunAsync(config);
        var info = await _pods.InfoAsync(id);
        var pid = info.GetProperty("infraPid").GetInt32();

        Assert.True(pid > 0);
        var nspid = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
        Assert.EndsWith("\t1", nspid, StringComparison.Ordinal);
        Assert.True(File.Exists(info.GetProperty("pidPath").GetString()));
        Assert.Contains(_pods.PodCgroupDirs(), d => File.ReadAllText(Path.Combine(d, "cgroup.procs")).Split('\n').Contains(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(NamespaceMode.Pod, (await Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = id })).Status.Linux.Namespaces.Options.Pid);

        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });
        Assert.True(CriMesh.Linux.ProcFs.ProcStat.State(pid) is null or 'Z');
        await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Fact]
    public async Task HostNetworkPod_NoNetnsNoCni()
    {
        var config = _pods.Config("hostnet");
        config.Hostname = "";
        config.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node, Ipc = NamespaceMode.Node, Pid = NamespaceMode.Container } };
        var id = await RunAsync(config);

        var info = await _pods.InfoAsync(id);
        Assert.Equal("", info.GetProperty("netnsPath").GetString());
        Assert.Equal("", info.GetProperty("utsPath").GetString());
        Assert.Equal("", (await _pods.StatusAsync(id)).Status.Network.Ip);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), File.ReadAllText(info.GetProperty("hostnamePath").GetString()!).Trim());

        await StopAndRemoveAsync(id);
        Assert.Empty(await _pods.LeftoversAsync());
    }

    [Fact]
    public async Task ListPodSandbox_Filters_IdPrefixStateLabels()
    {
        var a = await RunAsync(_pods.Config("one"));
        var b = await RunAsync(_pods.Config("two"));
        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = b });

        async Task<IReadOnlyList<string>> List(PodSandboxFilter f) =>
            (await Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = f })).Items.Select(p => p.Id).ToList();

        Assert.Equal([a], await List(new PodSandboxFilter { Id = a[..12] }));
        Assert.Equal([b], await List(new PodSandboxFilter { State = new PodSandboxStateValue { State = PodSandboxState.SandboxNotready } }));
        Assert.Equal([a], await List(new PodSandboxFilter { LabelSelector = { ["app"] = "one", ["suite"] = "pods" } }));
        Assert.Empty(await List(new PodSandboxFilter { LabelSelector = { ["app"] = "three" } }));
        Assert.Equal(2, (await List(new PodSandboxFilter { LabelSelector = { ["suite"] = "pods" } })).Count);
        Assert.Equal(PodSandboxState.SandboxReady, (await Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = a[..10] })).Status.State);

        await StopAndRemoveAsync(a);
        await StopAndRemoveAsync(b[..16]);
        Assert.Empty(await _pods.LeftoversAsync());
    }
}
