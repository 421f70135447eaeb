using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Netd.Cni;

namespace CriMesh.Netd.Tests.Cni;

public sealed class PluginErrorTests
{
    [Theory]
    [InlineData("""{"cniVersion": "1.0.0", "code": 7, "msg": "bad config"}""", ErrorKind.Internal, "cni plugin bridge ADD failed: code 7: bad config")]
    [InlineData("""{"code": 11, "msg": "busy", "details": "lock held"}""", ErrorKind.Unavailable, "cni plugin bridge ADD failed: code 11: busy (lock held)")]
    [InlineData("""{"msg": "no code"}""", ErrorKind.Internal, "cni plugin bridge ADD failed: exit code 1, no cni error object on stdout: {\"msg\": \"no code\"}")]
    [InlineData("", ErrorKind.Internal, "cni plugin bridge ADD failed: exit code 1, no cni error object on stdout: (empty)")]
    public void PluginError_Output_KindAndMessage(string stdout, ErrorKind kind, string message)
    {
        var e = PluginInvoker.PluginError("bridge", "ADD", 1, Encoding.UTF8.GetBytes(stdout), []);

        Assert.Equal(kind, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void PluginError_HugeBinaryOutput_ShortPrintable()
    {
        var e = PluginInvoker.PluginError("x", "DEL", 3, Enumerable.Repeat((byte)1, 5000).ToArray(), Encoding.UTF8.GetBytes("oops\n"));

        Assert.True(e.Message.Length < 700, e.Message);
        Assert.EndsWith("; stderr: oops", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0001', e.Message);
    }
}
