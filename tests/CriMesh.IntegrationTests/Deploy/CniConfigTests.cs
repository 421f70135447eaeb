using System.Text.Json;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>deploy/cni/10-crimesh-bridge.conflist: its shape, and that the installed plugins accept its version.</summary>
public sealed class CniConfigTests
{
    private static readonly string[] PluginDirs = ["/usr/lib/cni", "/opt/cni/bin"];

    private static JsonElement Config()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Deploy, "cni", "10-crimesh-bridge.conflist")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Plugins_DefaultNetwork_AreBridgeCni0WithHostLocalThenPortmap()
    {
        var config = Config();
        var plugins = config.GetProperty("plugins").EnumerateArray().ToList();

        Assert.Equal("crimesh", config.GetProperty("name").GetString());
        Assert.Equal(["bridge", "portmap"], plugins.Select(p => p.GetProperty("type").GetString()));
        var bridge = plugins[0];
        Assert.Equal("cni0", bridge.GetProperty("bridge").GetString());
        Assert.True(bridge.GetProperty("isGateway").GetBoolean());
        var ipam = bridge.GetProperty("ipam");
        Assert.Equal("host-local", ipam.GetProperty("type").GetString());
        var range = Assert.Single(Assert.Single(ipam.GetProperty("ranges").EnumerateArray()).EnumerateArray());
        Assert.Equal("10.88.0.0/16", range.GetProperty("subnet").GetString());
        Assert.True(plugins[1].GetProperty("capabilities").GetProperty("portMappings").GetBoolean());
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData("host-local")]
    [InlineData("portmap")]
    [InlineData("loopback")]
    public async Task CniVersion_DefaultNetwork_IsSupportedByInstalledPlugin(string plugin)
    {
        var version = Config().GetProperty("cniVersion").GetString();
        var binary = PluginDirs.Select(d => Path.Combine(d, plugin)).FirstOrDefault(File.Exists);
        Assert.True(binary is not null, $"CNI plugin {plugin} not found in {string.Join(", ", PluginDirs)}: install containernetworking-plugins");

        var result = await ProcessRunner.RunAsync(binary, [], TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" });

        Assert.True(result.ExitCode == 0, result.ToString());
        using var answer = JsonDocument.Parse(result.Stdout);
        var supported = answer.RootElement.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Contains(version, supported);
    }
}
