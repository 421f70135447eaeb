using System.Text.RegularExpressions;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>
/// deploy/crimesh.toml against the built daemons: as shipped it changes nothing; with every
/// "# key = value" line uncommented each daemon accepts it (an unknown key or bad value exits 78) and
/// prints exactly its defaults; and it lists every key a daemon prints. When a daemon gains a key,
/// deploy/gen-config.sh rewrites the file.
/// </summary>
public sealed partial class DefaultConfigTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly TempDirectory _dir = new();

    private static string Shipped => Path.Combine(RepoPaths.Deploy, "crimesh.toml");

    public static TheoryData<string> DaemonTheory => DaemonCatalog.Theory;

    [Theory]
    [MemberData(nameof(DaemonTheory))]
    public async Task PrintConfig_ShippedFile_EqualsDefaults(string daemon)
    {
        var defaults = await PrintConfigAsync(daemon, "");

        var shipped = await PrintConfigAsync(daemon, File.ReadAllText(Shipped));

        Assert.Equal(defaults, shipped);
    }

    [Theory]
    [MemberData(nameof(DaemonTheory))]
    public async Task PrintConfig_EveryDefaultUncommented_EqualsDefaults(string daemon)
    {
        var defaults = await PrintConfigAsync(daemon, "");

        var uncommented = await PrintConfigAsync(daemon, Uncomment(File.ReadAllText(Shipped)));

        Assert.Equal(defaults, uncommented);
    }

    [Theory]
    [MemberData(nameof(DaemonTheory))]
    public async Task ShippedFile_EveryKeyTheDaemonPrints_IsListed(string daemon)
    {
        var listed = Keys(Uncomment(File.ReadAllText(Shipped)));

        var printed = Keys(await PrintConfigAsync(daemon, ""));

        var missing = printed.Except(listed).ToList();
        Assert.True(missing.Count == 0,
            $"deploy/crimesh.toml lacks {string.Join(", ", missing)}: run deploy/gen-config.sh and describe the new keys");
    }

    [Fact]
    public void ShippedFile_EveryKey_HasADescription()
    {
        var lines = File.ReadAllLines(Shipped);

        var undescribed = lines
            .Select((line, i) => (line, i))
            .Where(x => KeyLine().IsMatch(x.line) && (x.i == 0 || !lines[x.i - 1].StartsWith("## ", StringComparison.Ordinal)
                || lines[x.i - 1].Contains("(not yet described)", StringComparison.Ordinal)))
            .Select(x => x.line)
            .ToList();

        Assert.True(undescribed.Count == 0, $"deploy/crimesh.toml: describe (\"## ...\" above) {string.Join("; ", undescribed)}");
    }

    [Fact]
    public async Task PrintConfig_UncommentedValueChanged_DiffersFromDefaults()
    {
        // The comparison above can fail: a changed value shows in the output.
        var defaults = await PrintConfigAsync("netd", "");
        var text = Uncomment(File.ReadAllText(Shipped));
        Assert.Contains("cni_conf_dir = \"/etc/cni/net.d\"", text, StringComparison.Ordinal);

        var changed = await PrintConfigAsync("netd", text.Replace("cni_conf_dir = \"/etc/cni/net.d\"", "cni_conf_dir = \"/etc/cni/other\"", StringComparison.Ordinal));

        Assert.NotEqual(defaults, changed);
    }

    [Theory]
    [InlineData("# runtime_path = \"/usr/sbin/runc\"", "runtime_pathh = \"/usr/sbin/runc\"")]
    [InlineData("# log_level = \"information\"", "log_level = \"chatty\"")]
    [InlineData("[netd]", "[netd]\ncni_bin_dirs = \"/usr/lib/cni\"")]
    public async Task PrintConfig_UnknownKeyOrBadValue_ExitsWithConfigError(string good, string bad)
    {
        var text = File.ReadAllText(Shipped);
        Assert.Contains(good, text, StringComparison.Ordinal);
        var daemon = bad.Contains("runtime", StringComparison.Ordinal) ? "conmon" : "netd";

        var result = await RunAsync(daemon, text.Replace(good, bad, StringComparison.Ordinal));

        Assert.True(result.ExitCode == 78, result.ToString());
    }

    /// <summary>The file with its "# key = value" lines made live (description lines "## " stay comments).</summary>
    private static string Uncomment(string text) => KeyLine().Replace(text, "$1");

    /// <summary>"table.key" for every key = value line (top-level keys have no table prefix).</summary>
    private static HashSet<string> Keys(string toml)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var table = "";
        foreach (var line in toml.Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                table = line[1..^1];
            }
            else if (line.Length > 0 && line[0] != '#' && line.Contains(" = ", StringComparison.Ordinal))
            {
                var key = line[..line.IndexOf(" = ", StringComparison.Ordinal)];
                keys.Add(table.Length == 0 ? key : $"{table}.{key}");
            }
        }
        return keys;
    }

    private async Task<string> PrintConfigAsync(string daemon, string config)
    {
        var result = await RunAsync(daemon, config);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }

    /// <summary>Runs the built daemon with --print-config on <paramref name="config"/>, in a directory with no drop-ins.</summary>
    private Task<ProcessOutput> RunAsync(string daemon, string config)
    {
        var file = _dir.Combine($"{Guid.NewGuid():N}.toml");
        File.WriteAllText(file, config);
        return ProcessRunner.RunAsync(
            RepoPaths.DaemonExe(daemon),
            ["--config", file, "--config-dir", _dir.Combine("no-drop-ins"), "--print-config"],
            Timeout,
            new Dictionary<string, string> { ["CRIMESH_CONFIG"] = "" });
    }

    [GeneratedRegex(@"^# ([a-z0-9_]+ = .*)$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();

    public void Dispose() => _dir.Dispose();
}
