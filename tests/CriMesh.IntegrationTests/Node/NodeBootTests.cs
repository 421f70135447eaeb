using System.Text.Json;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing;
using CriMesh.Testing.Node;
using Grpc.Core;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Node;

/// <summary>
/// The foundation end to end: all five daemons as real processes on a temporary run and state dir,
/// reached through the CLI and a raw gRPC client, with a peer killed and restarted under the gateway.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class NodeBootTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DaemonNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = new DaemonNode(log: Log);
        var cniDir = _node.Dir.CreateSubdirectory("cni");
        File.WriteAllText(Path.Combine(cniDir, "10-test.conflist"), """
            {
              "cniVersion": "1.0.0",
              "name": "crimesh-test",
              "plugins": [
                { "type": "bridge", "bridge": "cmtest0", "isGateway": true,
                  "ipam": { "type": "host-local", "ranges": [[{ "subnet": "10.255.77.0/24" }]] } },
                { "type": "portmap", "capabilities": { "portMappings": true } }
              ]
            }
            """);
        File.AppendAllText(_node.ConfigPath, $"\n[netd]\ncni_conf_dir = \"{cniDir}\"\n");
        await _node.StartAllAsync();
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Version_RawGrpc_NamesCrimeshAndV1()
    {
        using var channel = UnixChannel.Create(_node.SocketPath("gateway"));
        var runtime = new RuntimeService.RuntimeServiceClient(channel);

        var version = await runtime.VersionAsync(new VersionRequest { Version = "v1" });

        Assert.Equal("crimesh", version.RuntimeName);
        Assert.Equal("v1", version.RuntimeApiVersion);
        Assert.False(string.IsNullOrEmpty(version.RuntimeVersion));
        Assert.Empty(_node.ErrorLines());
    }

    [Fact]
    public async Task Version_Cli_PrintsRuntimeNameAndApiVersion()
    {
        var result = await Cli("version", "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("crimesh", json.RootElement.GetProperty("runtimeName").GetString());
        Assert.Equal("v1", json.RootElement.GetProperty("runtimeApiVersion").GetString());
    }

    [Fact]
    public async Task Info_AllPeersUp_RuntimeAndNetworkReady()
    {
        var result = await Cli("info", "-o", "json");

        var conditions = Conditions(result.Stdout);
        Assert.True(conditions["RuntimeReady"].Ready, result.Stdout);
        Assert.True(conditions["NetworkReady"].Ready, result.Stdout);
        var table = await Cli("info");
        Assert.Contains("RuntimeReady", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NetdKilledThenRestarted_NetworkNotReadyNamingNetdThenRecovers()
    {
        using var channel = UnixChannel.Create(_node.SocketPath("gateway"));
        var runtime = new RuntimeService.RuntimeServiceClient(channel);
        Assert.True(Condition(await runtime.StatusAsync(new StatusRequest()), "NetworkReady").Status);

        await _node.StopAsync("netd", signal: 9);
        var down = await runtime.StatusAsync(new StatusRequest());

        var network = Condition(down, "NetworkReady");
        Assert.False(network.Status);
        Assert.Equal("PeerUnavailable", network.Reason);
        Assert.Contains("netd", network.Message, StringComparison.Ordinal);
        Assert.True(Condition(down, "RuntimeReady").Status);
        var cli = await Cli(expectExit: 0, "info", "-o", "json");
        Assert.False(Conditions(cli.Stdout)["NetworkReady"].Ready);

        await _node.StartAsync("netd");
        var up = await runtime.StatusAsync(new StatusRequest());

        Assert.True(Condition(up, "NetworkReady").Status, Condition(up, "NetworkReady").Message);
    }

    [Fact]
    public async Task Status_ConmonKilled_RuntimeNotReadyNamingConmon()
    {
        using var channel = UnixChannel.Create(_node.SocketPath("gateway"));
        var runtime = new RuntimeService.RuntimeServiceClient(channel);

        await _node.StopAsync("conmon", signal: 9);
        var status = await runtime.StatusAsync(new StatusRequest());

        var condition = Condition(status, "RuntimeReady");
        Assert.False(condition.Status);
        Assert.Contains("conmon", condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunPodSandbox_NoMetadata_IsInvalidArgument()
    {
        using var channel = UnixChannel.Create(_node.SocketPath("gateway"));
        var runtime = new RuntimeService.RuntimeServiceClient(channel);

        var e = await Assert.ThrowsAsync<RpcException>(async () => await runtime.RunPodSandboxAsync(new RunPodSandboxRequest()));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task RuntimeConfig_NoSystemd_ReportsCgroupfs()
    {
        using var channel = UnixChannel.Create(_node.SocketPath("gateway"));
        var runtime = new RuntimeService.RuntimeServiceClient(channel);

        var config = await runtime.RuntimeConfigAsync(new RuntimeConfigRequest());

        var expected = Directory.Exists("/run/systemd/system") ? CgroupDriver.Systemd : CgroupDriver.Cgroupfs;
        Assert.Equal(expected, config.Linux.CgroupDriver);
    }

    [Fact]
    public async Task Start_SecondInstanceOfADaemon_RefusesWithoutDisturbingTheFirst()
    {
        await using var second = ChildProcess.Start(RepoPaths.DaemonExe("netd"), ["--config", _node.ConfigPath]);

        var code = await second.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(75, code);
        Assert.Contains("another daemon is serving", second.Stderr, StringComparison.Ordinal);
        Assert.True(await _node.IsServingAsync("netd"));
    }

    [Fact]
    public async Task Stop_Sigterm_ExitsCleanlyAndRemovesSocket()
    {
        var code = await _node.StopAsync("storaged", signal: 15);

        Assert.Equal(0, code);
        Assert.False(File.Exists(_node.SocketPath("storaged")));
        Assert.Empty(_node.ErrorLines());
    }

    [Fact]
    public async Task Start_BadConfig_ExitsNamingFileAndKey()
    {
        var bad = _node.Dir.Combine("bad.toml");
        File.WriteAllText(bad, $"run_dir = \"{_node.RunDir}\"\n[netd]\ncni_bin_dirs = \"not-a-list\"\n");
        await using var process = ChildProcess.Start(RepoPaths.DaemonExe("netd"), ["--config", bad]);

        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(78, code);
        Assert.Contains($"{bad}: netd.cni_bin_dirs: expected an array of strings", process.Stderr, StringComparison.Ordinal);
    }

    private async Task<ProcessResult> Cli(params string[] args) => await Cli(0, args);

    private async Task<ProcessResult> Cli(int expectExit, params string[] args)
    {
        var full = new[] { "-r", $"unix://{_node.SocketPath("gateway")}", "--run-dir", _node.RunDir }.Concat(args);
        var result = await ChildProcess.RunAsync(RepoPaths.CliExe, full, TimeSpan.FromSeconds(60), throwOnFailure: false);
        Assert.True(result.ExitCode == expectExit, $"crimeshctl {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result;
    }

    private static Dictionary<string, (bool Ready, string Message)> Conditions(string statusJson)
    {
        using var json = JsonDocument.Parse(statusJson);
        return json.RootElement.GetProperty("status").GetProperty("conditions").EnumerateArray().ToDictionary(
            c => c.GetProperty("type").GetString()!,
            c => (c.TryGetProperty("status", out var s) && s.GetBoolean(),
                  c.TryGetProperty("message", out var m) ? m.GetString() ?? "" : ""));
    }

    private static RuntimeCondition Condition(StatusResponse status, string type) =>
        status.Status.Conditions.Single(c => c.Type == type);

    private void Log(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; late daemon output has nowhere to go.
        }
    }
}
