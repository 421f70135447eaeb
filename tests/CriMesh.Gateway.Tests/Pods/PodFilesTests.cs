using CriMesh.Gateway.Pods;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Tests.Pods;

public sealed class PodFilesTests
{
    [Fact]
    public void RenderResolvConf_FromDnsConfig_ServersSearchOptions()
    {
        var dns = new DNSConfig { Servers = { "10.0.0.10", "fd00::a" }, Searches = { "ns.svc.cluster.local", "svc.cluster.local" }, Options = { "ndots:5", "edns0" } };

        var text = PodFiles.RenderResolvConf(dns, () => throw new InvalidOperationException("host file not wanted"));

        Assert.Equal("nameserver 10.0.0.10\nnameserver fd00::a\nsearch ns.svc.cluster.local svc.cluster.local\noptions ndots:5 edns0\n", text);
    }

    [Fact]
    public void RenderResolvConf_EmptyConfig_UsesHosts()
    {
        Assert.Equal("host\n", PodFiles.RenderResolvConf(new DNSConfig(), () => "host\n"));
        Assert.Equal("host\n", PodFiles.RenderResolvConf(null, () => "host\n"));
    }

    [Fact]
    public void RenderHosts_LoopbackAndPodAddresses()
    {
        var text = PodFiles.RenderHosts("web-1", ["10.202.0.4"]);

        Assert.StartsWith("127.0.0.1\tlocalhost\n", text, StringComparison.Ordinal);
        Assert.EndsWith("10.202.0.4\tweb-1\n", text, StringComparison.Ordinal);
    }
}
