using System.Text;
using System.Text.Json.Nodes;
using CriMesh.Netd.Cni;

namespace CriMesh.Netd.Tests.Cni;

public sealed class RuntimeArgsTests
{
    private static readonly JsonObject Args = (JsonObject)JsonNode.Parse("""
        {"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}], "bandwidth": {"ingressRate": 1000},
         "dns": {"servers": ["10.0.0.10"], "searches": [], "options": []}}
        """)!;

    [Fact]
    public void PluginConfig_CapabilitiesAsked_OnlyThoseInRuntimeConfig()
    {
        var network = NetworkConfig.Parse("/x.conflist", Encoding.UTF8.GetBytes("""
            {"cniVersion": "1.0.0", "name": "net", "plugins": [{"type": "portmap", "capabilities": {"portMappings": true, "bandwidth": false, "ips": true}}]}
            """));
        var prev = new JsonObject { ["cniVersion"] = "1.0.0" };

        var config = RuntimeArgs.PluginConfig(network, network.Plugins[0], Args, prev);

        Assert.Equal("net", (string?)config["name"]);
        Assert.Equal("1.0.0", (string?)config["cniVersion"]);
        Assert.Equal("1.0.0", (string?)config["prevResult"]!["cniVersion"]);
        var runtimeConfig = Assert.IsType<JsonObject>(config["runtimeConfig"]);
        Assert.Equal(["portMappings"], runtimeConfig.Select(p => p.Key));
        Assert.Equal(8080, (int)runtimeConfig["portMappings"]![0]!["hostPort"]!);
    }

    [Fact]
    public void PluginConfig_NoCapabilities_NoRuntimeConfigNoPrevResult()
    {
        var network = NetworkConfig.Parse("/x.conf", Encoding.UTF8.GetBytes("""{"cniVersion": "0.3.1", "name": "n", "type": "bridge"}"""));

        var config = RuntimeArgs.PluginConfig(network, network.Plugins[0], Args, null);

        Assert.False(config.ContainsKey("runtimeConfig"));
        Assert.False(config.ContainsKey("prevResult"));
        Assert.False(network.Plugins[0].ContainsKey("name"));
    }
}
