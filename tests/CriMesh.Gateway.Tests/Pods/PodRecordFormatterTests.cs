using CriMesh.Gateway.Pods;
using MessagePack;

namespace CriMesh.Gateway.Tests.Pods;

public sealed class PodRecordFormatterTests
{
    private static byte[] Write(PodRecord record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        PodRecordFormatter.Instance.Serialize(ref writer, record, MessagePackSerializerOptions.Standard);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static PodRecord Read(byte[] bytes)
    {
        var reader = new MessagePackReader(bytes);
        return PodRecordFormatter.Instance.Deserialize(ref reader, MessagePackSerializerOptions.Standard);
    }

    [Fact]
    public void RoundTrip_KeepsEveryField()
    {
        var record = new PodRecord
        {
            Id = "id1",
            Config = PodValidatorTests.Valid().Config,
            RuntimeHandler = "runc",
            State = PodState.NotReady,
            CreatedAtNs = 1234567890123,
            Ips = ["10.202.0.5", "fd00::5"],
            NetnsPath = "/run/netns/x",
            PodDir = "/run/crimesh/pods/id1",
            IpcPath = "/run/crimesh/pods/id1/ipc",
            UtsPath = "/run/crimesh/pods/id1/uts",
            PidPath = "/run/crimesh/pods/id1/pid",
            CgroupParent = "/k/crimesh-id1",
            CgroupDirs = ["/sys/fs/cgroup/cpu/k", "/sys/fs/cgroup/cpu/k/crimesh-id1"],
            InfraPid = 42,
            InfraStartTicks = 99,
            Parked = true,
            ParkedAtNs = 77,
        };

        var back = Read(Write(record));

        Assert.Equal(record with { Config = back.Config, Ips = back.Ips, CgroupDirs = back.CgroupDirs }, back);
        Assert.Equal(record.Config, back.Config);
        Assert.Equal(record.Ips, back.Ips);
        Assert.Equal(record.CgroupDirs, back.CgroupDirs);
    }

    [Fact]
    public void Deserialize_FieldsFromANewerWriter_AreSkipped()
    {
        var bytes = Write(new PodRecord { Id = "id2", Config = PodValidatorTests.Valid().Config, RuntimeHandler = "runc", InfraPid = 7 });
        Assert.Equal(new byte[] { 0xdc, 0x00, 0x10 }, bytes[..3]);
        bytes[2] = 0x11;
        var newer = bytes.Concat(new byte[] { 0xa3, (byte)'n', (byte)'e', (byte)'w' }).ToArray();

        var back = Read(newer);

        Assert.Equal("id2", back.Id);
        Assert.Equal("runc", back.RuntimeHandler);
        Assert.Equal(7, back.InfraPid);
    }

    [Fact]
    public void Deserialize_OlderShorterRecord_LeavesDefaults()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write("id3");
        writer.Write(Google.Protobuf.MessageExtensions.ToByteArray(PodValidatorTests.Valid().Config));
        writer.Write("runc");
        writer.Flush();

        var back = Read(buffer.WrittenSpan.ToArray());

        Assert.Equal("id3", back.Id);
        Assert.Equal(PodState.Creating, back.State);
        Assert.Empty(back.Ips);
        Assert.False(back.Parked);
    }
}
