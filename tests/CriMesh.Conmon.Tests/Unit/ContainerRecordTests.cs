using CriMesh.Common.Errors;
using CriMesh.Conmon.Containers;
using MessagePack;

namespace CriMesh.Conmon.Tests.Unit;

public sealed class ContainerRecordTests
{
    [Fact]
    public void Formatter_RoundTrip_AllFields()
    {
        var record = new ContainerRecord
        {
            Id = "c1",
            SandboxId = "p1",
            Handler = "runc",
            BundlePath = "/b/c1",
            LogPath = "/l/c1.log",
            CgroupPath = "/k/c1",
            ResolvedCgroup = "/k/c1",
            Labels = new Dictionary<string, string> { ["a"] = "b" },
            Tty = true,
            Stdin = true,
            StdinOnce = true,
            Phase = ContainerPhase.Exited,
            Pid = 10,
            MonitorPid = 9,
            CreatedUnixNano = 1,
            StartedUnixNano = 2,
            FinishedUnixNano = 3,
            ExitCode = 137,
            OomKilled = true,
        };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        ContainerRecordFormatter.Instance.Serialize(ref writer, record, MessagePackSerializerOptions.Standard);
        writer.Flush();
        var reader = new MessagePackReader(buffer.WrittenMemory);
        var back = ContainerRecordFormatter.Instance.Deserialize(ref reader, MessagePackSerializerOptions.Standard);
        Assert.Equal(record with { Labels = back.Labels }, back);
        Assert.Equal("b", back.Labels["a"]);
    }

    [Fact]
    public void Formatter_UnknownTrailingField_Skipped()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(20);
        foreach (var s in new[] { "c1", "p", "runc", "/b", "/l", "", "" })
        {
            writer.Write(s);
        }
        writer.WriteMapHeader(0);
        writer.Write(false);
        writer.Write(false);
        writer.Write(false);
        writer.Write(2);
        writer.Write(5);
        writer.Write(6);
        writer.Write(7L);
        writer.Write(8L);
        writer.Write(0L);
        writer.Write(0);
        writer.Write(false);
        writer.Write("a future field");
        writer.Flush();
        var reader = new MessagePackReader(buffer.WrittenMemory);
        var back = ContainerRecordFormatter.Instance.Deserialize(ref reader, MessagePackSerializerOptions.Standard);
        Assert.Equal(ContainerPhase.Running, back.Phase);
        Assert.Equal(8L, back.StartedUnixNano);
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("a.b_c-d", true)]
    [InlineData("", false)]
    [InlineData("..", false)]
    [InlineData("../x", false)]
    [InlineData("a/b", false)]
    [InlineData("-a", false)]
    [InlineData("a\0b", false)]
    public void ContainerIds_Validity(string id, bool valid) => Assert.Equal(valid, ContainerIds.IsValidName(id));

    [Theory]
    [InlineData("/var/log/pods/x/c/0.log", true)]
    [InlineData("relative/0.log", false)]
    [InlineData("/var/log/pods/../../etc/passwd", false)]
    [InlineData("/var/log/./x.log", false)]
    public void RequireCleanAbsolute_Paths(string path, bool ok)
    {
        if (ok)
        {
            Assert.Equal(path, ContainerIds.RequireCleanAbsolute("log_path", path));
        }
        else
        {
            var e = Assert.Throws<CriMeshException>(() => ContainerIds.RequireCleanAbsolute("log_path", path));
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        }
    }
}
