using CriMesh.Testing.Node;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>
/// netd published with NativeAOT (tools/publish-aot.sh, which tools/test.sh runs before the tests): the
/// native binary reads configuration, prints it exactly as the JIT build does, rejects a bad file with
/// exit 78, and serves grpc.health.v1 on its socket. A reflection or dynamic-code regression that the
/// analyzers let through shows up here, in CI, rather than on a node.
/// </summary>
public sealed class NativeAotTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);
    private readonly TempDirectory _dir = new("crimesh-aot-");

    [Fact]
    public async Task NativeNetd_PrintConfig_EqualsJitBuild()
    {
        var native = await NativeDaemon.EnsureAsync("netd", output.WriteLine);
        var shipped = File.ReadAllText(Path.Combine(RepoPaths.Deploy, "crimesh.toml"));
        var changed = "log_level = \"debug\"\n[netd]\ncni_bin_dirs = [\"/x\", \"/y\"]\ncni_conf_dir = \"/etc/cni/q\\\"uoted\"\n";

        foreach (var config in new[] { "", shipped, changed })
        {
            var file = WriteConfig(config);
            var jit = await PrintConfigAsync(RepoPaths.DaemonExe("netd"), file);
            var aot = await PrintConfigAsync(native, file);

            Assert.True(aot.ExitCode == 0, aot.ToString());
            Assert.Equal(jit.Stdout, aot.Stdout);
        }
    }

    [Fact]
    public async Task NativeNetd_BadConfig_ExitsWithEveryProblemNamed()
    {
        var native = await NativeDaemon.EnsureAsync("netd", output.WriteLine);
        const string bad = "run_dir = 5\n[netd]\ncni_bin_dirs = \"/usr/lib/cni\"\nbogus = true\n";

        var file = WriteConfig(bad);
        var jit = await PrintConfigAsync(RepoPaths.DaemonExe("netd"), file);
        var aot = await PrintConfigAsync(native, file);

        Assert.True(aot.ExitCode == 78, aot.ToString());
        Assert.Contains("run_dir: expected a string, got integer 5", aot.Stderr, StringComparison.Ordinal);
        Assert.Contains("netd.cni_bin_dirs: expected an array of strings", aot.Stderr, StringComparison.Ordinal);
        Assert.Contains("netd.bogus: unknown key", aot.Stderr, StringComparison.Ordinal);
        Assert.Equal(jit.Stderr, aot.Stderr);
    }

    [Fact]
    public async Task NativeNetd_Started_ServesHealthAndStopsCleanly()
    {
        var native = await NativeDaemon.EnsureAsync("netd", output.WriteLine);
        await using var node = new DaemonNode(log: output.WriteLine);

        await node.StartAsync("netd", native);

        Assert.True(await node.IsServingAsync("netd"), "the native netd does not answer the health check");
        Assert.Equal(0, await node.StopAsync("netd"));
        Assert.Empty(node.ErrorLines());
    }

    private string WriteConfig(string config)
    {
        var file = _dir.Combine($"{Guid.NewGuid():N}.toml");
        File.WriteAllText(file, config);
        return file;
    }

    private Task<ProcessOutput> PrintConfigAsync(string exe, string file)
    {
        return ProcessRunner.RunAsync(exe, ["--config", file, "--config-dir", _dir.Combine("no-drop-ins"), "--print-config"],
            RunTimeout, new Dictionary<string, string> { ["CRIMESH_CONFIG"] = "" });
    }

    public void Dispose() => _dir.Dispose();
}
