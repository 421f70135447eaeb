using CriMesh.Common.Config;
using CriMesh.Gateway.Options;

namespace CriMesh.Gateway.Tests.Options;

public sealed class GatewayOptionsTests
{
    [Theory]
    [InlineData("auto", true, "systemd")]
    [InlineData("auto", false, "cgroupfs")]
    [InlineData("systemd", false, "systemd")]
    [InlineData("cgroupfs", true, "cgroupfs")]
    public void EffectiveCgroupDriver_ResolvesAuto(string configured, bool systemdIsInit, string expected) =>
        Assert.Equal(expected, new GatewayOptions { CgroupDriver = configured }.EffectiveCgroupDriver(systemdIsInit));

    [Fact]
    public void Bind_Defaults_AreValid()
    {
        var options = OptionsBinder.Bind<GatewayOptions>(ConfigDocument.FromText(""), "gateway");

        Assert.Equal("auto", options.CgroupDriver);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("cgroup_driver = \"cgroupv3\"", "cgroup_driver must be auto, systemd or cgroupfs")]
    [InlineData("peer_health_timeout = \"0s\"", "peer_health_timeout must be positive")]
    public void Bind_BadValue_IsRejected(string body, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<GatewayOptions>(ConfigDocument.FromText("[gateway]\n" + body), "gateway"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
