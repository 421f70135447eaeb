using System.Text;
using CriMesh.Netd.Cni;

namespace CriMesh.Netd.Tests.Cni;

public sealed class NetworkConfigTests
{
    [Fact]
    public void Parse_ConfList_PluginsInOrder()
    {
        var config = Parse("""{"cniVersion": "1.0.0", "name": "n", "disableCheck": true, "plugins": [{"type": "bridge"}, {"type": "portmap"}]}""");

        Assert.Equal("n", config.Name);
        Assert.Equal("1.0.0", config.CniVersion);
        Assert.True(config.DisableCheck);
        Assert.Equal(["bridge", "portmap"], config.PluginTypes);
    }

    [Fact]
    public void Parse_SingleConf_IsAListOfOneWithoutNameAndVersion()
    {
        var config = Parse("""{"cniVersion": "0.3.1", "name": "single", "type": "bridge", "bridge": "cni0"}""");

        var plugin = Assert.Single(config.Plugins);
        Assert.Equal("bridge", NetworkConfig.TypeOf(plugin));
        Assert.Equal("cni0", (string?)plugin["bridge"]);
        Assert.False(plugin.ContainsKey("name"));
        Assert.False(config.DisableCheck);
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"cniVersion": "1.0.0", "plugins": [{"type": "bridge"}]}""", "\"name\" must be a non-empty string")]
    [InlineData("""{"name": "n", "plugins": [{"type": "bridge"}]}""", "\"cniVersion\" must be a non-empty string")]
    [InlineData("""{"cniVersion": "0.2.0", "name": "n", "type": "bridge"}""", "cniVersion \"0.2.0\" is not supported")]
    [InlineData("""{"cniVersion": "1.0.0", "name": "n", "plugins": []}""", "\"plugins\" must be a non-empty array")]
    [InlineData("""{"cniVersion": "1.0.0", "name": "n", "plugins": [1]}""", "every entry of \"plugins\" must be an object")]
    [InlineData("""{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "../../bin/sh"}]}""", "no valid \"type\"")]
    [InlineData("""{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": ".."}]}""", "no valid \"type\"")]
    [InlineData("""{"cniVersion": "1.0.0", "name": "n", "type": 5}""", "no valid \"type\"")]
    public void Parse_Invalid_FormatExceptionNamingFileAndProblem(string json, string problem)
    {
        var e = Assert.Throws<FormatException>(() => Parse(json));

        Assert.StartsWith("/etc/cni/net.d/x.conflist: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.3.0", false, false)]
    [InlineData("0.3.1", false, false)]
    [InlineData("0.4.0", true, true)]
    [InlineData("1.0.0", true, true)]
    [InlineData("1.1.0", true, true)]
    public void CniVersions_CheckAndPrevResultOnDel(string version, bool check, bool prevResultOnDel)
    {
        Assert.Equal(check, CniVersions.HasCheck(version));
        Assert.Equal(prevResultOnDel, CniVersions.DeleteGetsPrevResult(version));
    }

    private static NetworkConfig Parse(string json) => NetworkConfig.Parse("/etc/cni/net.d/x.conflist", Encoding.UTF8.GetBytes(json));
}
