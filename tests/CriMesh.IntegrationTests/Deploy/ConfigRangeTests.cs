namespace CriMesh.IntegrationTests.Deploy;

/// <summary>
/// Values out of range stop the built daemon at start with exit 78 (which systemd does not restart) and
/// a message naming the file, the key and the reason: a duration that overflows, a duration no timer can
/// be armed for, a registry timeout an HTTP client refuses, a size past 63 bits.
/// </summary>
public sealed class ConfigRangeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("storaged", "[storaged]\ngc_interval = \"99999999999999999999999h\"", "storaged.gc_interval: expected a duration such as")]
    [InlineData("gateway", "peer_call_timeout = \"2000h\"", "peer_call_timeout: expected a duration such as \"30s\", \"5m\" or \"250ms\", at most \"1193h2m47s294ms\"")]
    [InlineData("imaged", "[imaged]\nregistry_read_timeout = \"1000h\"", "[imaged]: registry_read_timeout must be positive and at most \"596h31m23s647ms\" (what an HTTP client accepts), not \"1000h\"")]
    [InlineData("imaged", "[imaged]\nregistry_connect_timeout = \"600h\"", "[imaged]: registry_connect_timeout must be positive and at most \"596h31m23s647ms\"")]
    [InlineData("storaged", "[storaged]\nmax_layer_bytes = \"9000000TiB\"", "storaged.max_layer_bytes: expected a size such as")]
    public async Task Start_ValueOutOfRange_Exits78NamingFileKeyAndReason(string daemon, string config, string reason)
    {
        var file = _dir.Combine("crimesh.toml");
        File.WriteAllText(file, config + "\n");

        var result = await ProcessRunner.RunAsync(
            RepoPaths.DaemonExe(daemon),
            ["--config", file, "--config-dir", _dir.Combine("no-drop-ins"), "--print-config"],
            Timeout,
            new Dictionary<string, string> { ["CRIMESH_CONFIG"] = "" });

        Assert.True(result.ExitCode == 78, result.ToString());
        Assert.Contains($"{file}: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
