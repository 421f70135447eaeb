using CriMesh.Ctl.Arguments;

namespace CriMesh.Ctl.Tests.Arguments;

public sealed class EndpointTests
{
    [Theory]
    [InlineData("unix:///run/crimesh/crimesh.sock", "/run/crimesh/crimesh.sock")]
    [InlineData("UNIX:///tmp/a.sock", "/tmp/a.sock")]
    [InlineData("/var/run/crio/crio.sock", "/var/run/crio/crio.sock")]
    [InlineData("unix:///sock with space", "/sock with space")]
    public void ToSocketPath_UnixEndpoint_ReturnsAbsolutePath(string endpoint, string expected)
    {
        Assert.Equal(expected, Endpoint.ToSocketPath(endpoint));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tcp://127.0.0.1:10000")]
    [InlineData("npipe:////./pipe/containerd")]
    [InlineData("unix://relative.sock")]
    [InlineData("unix://")]
    [InlineData("relative/crimesh.sock")]
    [InlineData("unix:///run/crimesh/")]
    public void ToSocketPath_NotAnAbsoluteUnixSocket_ThrowsUsageException(string endpoint)
    {
        Assert.Throws<UsageException>(() => Endpoint.ToSocketPath(endpoint));
    }

    [Fact]
    public void ToSocketPath_OtherScheme_NamesTheScheme()
    {
        var e = Assert.Throws<UsageException>(() => Endpoint.ToSocketPath("tcp://127.0.0.1:1"));

        Assert.Contains("\"tcp\"", e.Message);
    }
}
