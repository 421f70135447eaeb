namespace CriMesh.IntegrationTests.Deploy;

/// <summary>deploy/tmpfiles.d/crimesh.conf applied for real by systemd-tmpfiles, into a temporary root.</summary>
public sealed class TmpfilesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private static string Shipped => Path.Combine(RepoPaths.Deploy, "tmpfiles.d", "crimesh.conf");

    [Fact]
    public async Task Create_ShippedConfig_MakesLayoutDirectoriesWithTheirModes()
    {
        using var root = new TempDirectory();
        var layout = InstallLayout.Shipped;

        var result = await CreateAsync(root, Shipped);

        Assert.True(result.ExitCode == 0 && result.Stderr.Trim().Length == 0, result.ToString());
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(root.Combine(layout["RUN_DIR"])));
        Assert.Equal((UnixFileMode)0b111_001_001, File.GetUnixFileMode(root.Combine(layout["STATE_DIR"])));
        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(root.Combine(layout["LOG_DIR"])));
    }

    [Theory]
    [InlineData("d /run/crimesh 0755 root root -", "d run/crimesh 0755 root root -")]
    [InlineData("d /var/lib/crimesh 0711 root root -", "d /var/lib/crimesh 0711 nosuchuser-crimesh root -")]
    [InlineData("d /var/log/crimesh 0750 root root -", "d /var/log/crimesh 07x0 root root -")]
    public async Task Create_DeliberatelyBrokenLine_Fails(string good, string bad)
    {
        using var root = new TempDirectory();
        var normalized = string.Join('\n', File.ReadLines(Shipped).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        Assert.Contains(good, normalized, StringComparison.Ordinal);
        var broken = root.Combine("broken.conf");
        File.WriteAllText(broken, normalized.Replace(good, bad, StringComparison.Ordinal) + "\n");

        var result = await CreateAsync(root, broken);

        Assert.False(result.ExitCode == 0 && result.Stderr.Trim().Length == 0, $"a broken line passed:\n{result}");
    }

    private static Task<ProcessOutput> CreateAsync(TempDirectory root, string config) =>
        ProcessRunner.RunAsync(
            "systemd-tmpfiles",
            ["--create", $"--root={root.Path}", config],
            Timeout,
            new Dictionary<string, string> { ["SYSTEMD_LOG_COLOR"] = "0" });
}
