using System.Diagnostics;
using CriMesh.Common.Grpc;
using Grpc.Health.V1;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>deploy/crimesh-node running the real built daemons in a private layout.</summary>
public sealed class CrimeshNodeTests
{
    [Fact]
    public async Task StartRestartStop_AllDaemons_ServeThenLeaveNothingRunning()
    {
        using var node = new NodeSandbox();

        var started = await node.NodeAsync("start");
        Assert.True(started.ExitCode == 0, started.ToString());
        var pids = DaemonCatalog.Names.ToDictionary(d => d, d => node.ReadPid(d) ?? throw new Xunit.Sdk.XunitException($"no pid file for {d}"));
        foreach (var (daemon, pid) in pids)
        {
            Assert.True(NodeSandbox.IsAlive(pid), $"crimesh-{daemon} (pid {pid}) is not running");
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(NodeSandbox.SocketOf(node.RunDir, daemon)));
        }

        var again = await node.NodeAsync("start");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(pids, DaemonCatalog.Names.ToDictionary(d => d, d => node.ReadPid(d) ?? 0));

        var status = await node.NodeAsync("status");
        Assert.True(status.ExitCode == 0, status.ToString());

        var restarted = await node.NodeAsync("restart", "netd");
        Assert.True(restarted.ExitCode == 0, restarted.ToString());
        var netd = node.ReadPid("netd") ?? 0;
        Assert.NotEqual(pids["netd"], netd);
        Assert.False(NodeSandbox.IsAlive(pids["netd"]), "the old netd still runs after restart");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(NodeSandbox.SocketOf(node.RunDir, "netd")));
        Assert.All(pids.Where(kv => kv.Key != "netd"), kv => Assert.True(NodeSandbox.IsAlive(kv.Value)));
        pids["netd"] = netd;

        var stopped = await node.NodeAsync("stop");
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        foreach (var (daemon, pid) in pids)
        {
            Assert.False(NodeSandbox.IsAlive(pid), $"crimesh-{daemon} (pid {pid}) still runs after stop");
            Assert.False(File.Exists(node.PidFileOf(daemon)), $"{node.PidFileOf(daemon)} left behind");
            Assert.False(File.Exists(NodeSandbox.SocketOf(node.RunDir, daemon)), $"socket of {daemon} left behind");
        }
        var after = await node.NodeAsync("status");
        Assert.Equal(3, after.ExitCode);
    }

    [Fact]
    public async Task Stop_PidFileNamesAnotherProcess_LeavesItRunning()
    {
        using var node = new NodeSandbox();
        Directory.CreateDirectory(node.RunDir);
        using var bystander = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        try
        {
            await File.WriteAllTextAsync(node.PidFileOf("netd"), $"{bystander.Id}\n");

            var result = await node.NodeAsync("stop", "netd");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("crimesh-netd not running", result.Stdout, StringComparison.Ordinal);
            Assert.True(NodeSandbox.IsAlive(bystander.Id), "crimesh-node signalled a process that is not its daemon");
        }
        finally
        {
            bystander.Kill();
            await bystander.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Start_InvalidConfig_FailsShowingTheDaemonsError()
    {
        using var node = new NodeSandbox(extraConfig: "log_level = \"chatty\"");

        var result = await node.NodeAsync("start", "storaged");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("crimesh-storaged exited during start", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("log_level", result.Stderr, StringComparison.Ordinal);
        Assert.Null(node.ReadPid("storaged"));
    }

    [Fact]
    public async Task Start_AfterSigkillOfEachDaemon_BringsItBackServingAndLeavesTheOthers()
    {
        using var node = new NodeSandbox();
        var started = await node.NodeAsync("start");
        Assert.True(started.ExitCode == 0, started.ToString());

        foreach (var daemon in DaemonCatalog.Names)
        {
            var others = DaemonCatalog.Names.Where(d => d != daemon).ToDictionary(d => d, d => node.ReadPid(d) ?? 0);
            var victim = node.ReadPid(daemon) ?? throw new Xunit.Sdk.XunitException($"no pid file for {daemon}");
            Assert.Equal(0, CriMesh.Linux.Interop.Libc.Kill(victim, 9));
            for (var i = 0; i < 100 && NodeSandbox.IsAlive(victim); i++)
            {
                await Task.Delay(50);
            }
            Assert.False(NodeSandbox.IsAlive(victim), $"crimesh-{daemon} (pid {victim}) survived SIGKILL");
            var status = await node.NodeAsync("status", daemon);
            Assert.True(status.ExitCode == 3, status.ToString());

            var watch = Stopwatch.StartNew();
            var restarted = await node.NodeAsync("start");
            var took = watch.Elapsed;

            Assert.True(restarted.ExitCode == 0, restarted.ToString());
            Assert.Contains($"crimesh-{daemon} running", restarted.Stdout, StringComparison.Ordinal);
            var pid = node.ReadPid(daemon) ?? 0;
            Assert.NotEqual(victim, pid);
            Assert.True(NodeSandbox.IsAlive(pid), $"the new crimesh-{daemon} is not running");
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(NodeSandbox.SocketOf(node.RunDir, daemon)));
            Assert.Equal(others, DaemonCatalog.Names.Where(d => d != daemon).ToDictionary(d => d, d => node.ReadPid(d) ?? 0));
            Assert.All(others.Values, p => Assert.True(NodeSandbox.IsAlive(p)));
            Console.WriteLine($"crimesh-node start after SIGKILL of {daemon}: serving again in {took.TotalSeconds:0.0}s");
        }
    }

    [Theory]
    [InlineData("start nosuchd")]
    [InlineData("launch")]
    [InlineData("")]
    public async Task Node_BadArguments_ExitsWithUsage(string args)
    {
        using var node = new NodeSandbox();

        var result = await node.NodeAsync(args.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: crimesh-node", result.Stderr, StringComparison.Ordinal);
        Assert.All(DaemonCatalog.Names, d => Assert.Null(node.ReadPid(d)));
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(string socket)
    {
        using var channel = UnixChannel.Create(socket);
        var client = new Health.HealthClient(channel);
        var response = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        return response.Status;
    }
}
