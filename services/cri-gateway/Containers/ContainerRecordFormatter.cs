using CriMesh.Protos.Runtime.V1;
using Google.Protobuf;
using MessagePack;
using MessagePack.Formatters;

namespace CriMesh.Gateway.Containers;

/// <summary>
/// Hand-written MessagePack layout of <see cref="ContainerRecord"/>: an array whose positions never change
/// meaning; new fields are appended, unknown positions skipped. The config travels as its protobuf bytes.
/// </summary>
public sealed class ContainerRecordFormatter : IMessagePackFormatter<ContainerRecord>
{
    public static readonly ContainerRecordFormatter Instance = new();

    private const int FieldCount = 13;

    public void Serialize(ref MessagePackWriter writer, ContainerRecord value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(value.Id);
        writer.Write(value.SandboxId);
        writer.Write(value.Config.ToByteArray());
        writer.Write(value.ImageId);
        writer.Write(value.ImageName);
        writer.Write(value.LogPath);
        writer.Write(value.StateDir);
        writer.Write(value.CgroupPath);
        writer.Write(value.CreatedAtNs);
        writer.Write(value.StopSignal);
        writer.Write(value.Uid);
        writer.Write(value.Gid);
        writer.Write(value.Parked ? value.ParkedAtNs : 0);
    }

    public ContainerRecord Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < 3) throw new MessagePackSerializationException($"container record has {count} fields, needs at least 3");
        var id = reader.ReadString() ?? throw new MessagePackSerializationException("container record without an id");
        var sandbox = reader.ReadString() ?? "";
        var bytes = reader.ReadBytes();
        var config = bytes is { } b ? ContainerConfig.Parser.ParseFrom(b) : new ContainerConfig();
        var r = new ContainerRecord { Id = id, SandboxId = sandbox, Config = config };
        for (var i = 3; i < count; i++) r = ReadField(ref reader, i, r);
        return r;
    }

    private static ContainerRecord ReadField(ref MessagePackReader reader, int index, ContainerRecord r) => index switch
    {
        3 => r with { ImageId = reader.ReadString() ?? "" },
        4 => r with { ImageName = reader.ReadString() ?? "" },
        5 => r with { LogPath = reader.ReadString() ?? "" },
        6 => r with { StateDir = reader.ReadString() ?? "" },
        7 => r with { CgroupPath = reader.ReadString() ?? "" },
        8 => r with { CreatedAtNs = reader.ReadInt64() },
        9 => r with { StopSignal = reader.ReadInt32() },
        10 => r with { Uid = reader.ReadInt64() },
        11 => r with { Gid = reader.ReadInt64() },
        12 => ReadParked(ref reader, r),
        _ => Skip(ref reader, r),
    };

    private static ContainerRecord ReadParked(ref MessagePackReader reader, ContainerRecord r)
    {
        var at = reader.ReadInt64();
        return r with { Parked = at != 0, ParkedAtNs = at };
    }

    private static ContainerRecord Skip(ref MessagePackReader reader, ContainerRecord r)
    {
        reader.Skip();
        return r;
    }
}
