using System.Text.Json.Nodes;
using CriMesh.Netd.Cni;

namespace CriMesh.Netd.Tests.Cni;

public sealed class CniResultTests
{
    [Fact]
    public void PodIps_Spec100_OnlySandboxInterfacesIpv4First()
    {
        var result = Parse("""
            {"cniVersion": "1.0.0",
             "interfaces": [{"name": "cni0", "mac": "aa"}, {"name": "veth1", "mac": "bb"}, {"name": "eth0", "mac": "cc", "sandbox": "/run/netns/x"}],
             "ips": [{"address": "fd00::5/64", "interface": 2}, {"address": "10.1.0.5/24", "gateway": "10.1.0.1", "interface": 2},
                     {"address": "10.1.0.1/24", "interface": 0}, {"address": "10.1.0.5/24", "interface": 2}]}
            """);

        Assert.Equal(["10.1.0.5", "fd00::5"], CniResult.PodIps(result));
    }

    [Fact]
    public void PodIps_Spec031WithVersionFieldAndNoInterface_AllTaken()
    {
        var result = Parse("""{"cniVersion": "0.3.1", "ips": [{"version": "4", "address": "10.2.0.9/16"}]}""");

        Assert.Equal(["10.2.0.9"], CniResult.PodIps(result));
    }

    [Theory]
    [InlineData("""{"cniVersion": "1.0.0"}""")]
    [InlineData("""{"ips": "nope"}""")]
    [InlineData("""{"ips": [{"address": "not-an-ip/24"}, {"address": 5}, 7]}""")]
    [InlineData("""{"interfaces": [], "ips": [{"address": "10.0.0.1/8", "interface": 3}]}""")]
    public void PodIps_NothingUsable_Empty(string json)
    {
        Assert.Empty(CniResult.PodIps(Parse(json)));
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
