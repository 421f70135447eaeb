using CriMesh.Conmon.Monitor;
using CriMesh.Conmon.Runtime;

namespace CriMesh.Conmon.Tests.Unit;

public sealed class MonitorTests
{
    [Theory]
    [InlineData("{\"data\": 4242}", 4242, "")]
    [InlineData("{\"data\": -1, \"message\": \"runc create failed: \\\"oops\\\"\"}", -1, "runc create failed: \"oops\"")]
    public void SyncMessage_Line_Parsed(string line, int data, string message)
    {
        var m = SyncMessage.Parse(System.Text.Encoding.UTF8.GetBytes(line));
        Assert.NotNull(m);
        Assert.Equal(data, m.Value.Data);
        Assert.Equal(message, m.Value.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1]")]
    [InlineData("{\"pid\": 3}")]
    [InlineData("{\"data\": \"x\"}")]
    public void SyncMessage_Garbage_Null(string line) =>
        Assert.Null(SyncMessage.Parse(System.Text.Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void Arguments_TtyAndStdin_AsCrioPassesThem()
    {
        var handler = new RuntimeHandler("h", "/usr/sbin/runc", "/run/h", "oci", ["--debug"], [], "/usr/bin/conmon", "info", false, false);
        var args = MonitorArguments.Build(new MonitorRequest("c1", handler, "/b/c1", "/logs/c1.log", "/x", "/a", Tty: true, Stdin: true, StdinOnce: false));
        var joined = string.Join(' ', args);
        Assert.Contains("--api-version 1", joined, StringComparison.Ordinal);
        Assert.Contains("-c c1 -u c1", joined, StringComparison.Ordinal);
        Assert.Contains("-l k8s-file:/logs/c1.log", joined, StringComparison.Ordinal);
        Assert.Contains("--persist-dir /b/c1", joined, StringComparison.Ordinal);
        Assert.Contains("--runtime-arg --root=/run/h --runtime-arg --debug", joined, StringComparison.Ordinal);
        Assert.Contains("-t", args);
        Assert.Contains("-i", args);
        Assert.Contains("--leave-stdin-open", args);
        var once = MonitorArguments.Build(new MonitorRequest("c1", handler, "/b/c1", "/l", "/x", "/a", Tty: false, Stdin: true, StdinOnce: true));
        Assert.DoesNotContain("--leave-stdin-open", once);
        Assert.DoesNotContain("-t", once);
    }
}
