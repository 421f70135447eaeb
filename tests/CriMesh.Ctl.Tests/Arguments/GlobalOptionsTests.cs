using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Output;

namespace CriMesh.Ctl.Tests.Arguments;

public sealed class GlobalOptionsTests
{
    private static GlobalOptions From(Dictionary<string, string> env, params string[] args)
    {
        var parsed = new ParsedArgs();
        ArgumentParser.Parse(args, 0, GlobalOptions.Flags, parsed, stopAtPositional: false);
        return GlobalOptions.From(parsed, name => env.GetValueOrDefault(name));
    }

    [Fact]
    public void From_NothingSet_UsesDefaults()
    {
        var options = From([]);

        Assert.Equal("/run/crimesh/crimesh.sock", options.RuntimeSocket);
        Assert.Equal("/run/crimesh", options.RunDir);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(OutputFormat.Table, options.Output);
        Assert.Equal("/run/crimesh/storaged.sock", options.PeerSocket("storaged"));
    }

    [Fact]
    public void From_EnvironmentSet_UsesEnvironment()
    {
        var options = From(new() { ["CONTAINER_RUNTIME_ENDPOINT"] = "unix:///tmp/env.sock", ["CRIMESH_RUN_DIR"] = "/tmp/run" });

        Assert.Equal("/tmp/env.sock", options.RuntimeSocket);
        Assert.Equal("/tmp/run/storaged.sock", options.PeerSocket("storaged"));
    }

    [Fact]
    public void From_EnvironmentEmpty_FallsBackToDefault()
    {
        Assert.Equal("/run/crimesh/crimesh.sock", From(new() { ["CONTAINER_RUNTIME_ENDPOINT"] = "" }).RuntimeSocket);
    }

    [Fact]
    public void From_FlagsAndEnvironment_FlagsWin()
    {
        var options = From(
            new() { ["CONTAINER_RUNTIME_ENDPOINT"] = "unix:///tmp/env.sock", ["CRIMESH_RUN_DIR"] = "/tmp/env" },
            "-r", "unix:///tmp/flag.sock", "--run-dir", "/tmp/flag", "--timeout", "2s", "-o", "JSON");

        Assert.Equal("/tmp/flag.sock", options.RuntimeSocket);
        Assert.Equal("/tmp/flag", options.RunDir);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Timeout);
        Assert.Equal(OutputFormat.Json, options.Output);
    }

    [Theory]
    [InlineData("--run-dir", "relative")]
    [InlineData("-o", "yaml")]
    [InlineData("--timeout", "forever")]
    [InlineData("-r", "tcp://127.0.0.1:1")]
    public void From_BadValue_ThrowsUsageException(string flag, string value)
    {
        Assert.Throws<UsageException>(() => From([], flag, value));
    }
}
