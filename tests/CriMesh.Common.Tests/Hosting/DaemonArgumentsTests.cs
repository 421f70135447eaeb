using CriMesh.Common.Hosting;

namespace CriMesh.Common.Tests.Hosting;

public sealed class DaemonArgumentsTests
{
    [Fact]
    public void Parse_Empty_UsesDefaultConfigPath()
    {
        var parsed = DaemonArguments.Parse([]);

        Assert.False(parsed.PrintConfig);
        Assert.Null(parsed.DropInDir);
    }

    [Fact]
    public void Parse_AllFlags_AreRead()
    {
        var parsed = DaemonArguments.Parse(["--config", "/x.toml", "--config-dir=/d", "--print-config"]);

        Assert.Equal("/x.toml", parsed.ConfigPath);
        Assert.Equal("/d", parsed.DropInDir);
        Assert.True(parsed.PrintConfig);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--config")]
    [InlineData("--config", "--print-config")]
    public void Parse_Bad_Throws(params string[] args) => Assert.Throws<ArgumentException>(() => DaemonArguments.Parse(args));

    [Theory]
    [InlineData("123", "2", 123, 2)]
    [InlineData("123", "0", 123, null)]
    [InlineData("999", "1", 123, null)]
    [InlineData(null, "1", 123, null)]
    [InlineData("123", "x", 123, null)]
    public void Parse_ListenEnvironment_OnlyForThisProcess(string? pid, string? fds, int self, int? expected)
    {
        Assert.Equal(expected, SystemdActivation.Parse(pid, fds, self)?.FdCount);
    }
}
