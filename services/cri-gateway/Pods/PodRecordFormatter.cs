using CriMesh.Protos.Runtime.V1;
using Google.Protobuf;
using MessagePack;
using MessagePack.Formatters;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// Hand-written MessagePack layout of <see cref="PodRecord"/> (no reflection): an array whose positions never
/// change meaning; new fields are appended, a reader skips positions it does not know and leaves missing
/// ones at their defaults. The config travels as its protobuf bytes.
/// </summary>
public sealed class PodRecordFormatter : IMessagePackFormatter<PodRecord>
{
    public static readonly PodRecordFormatter Instance = new();

    private const int FieldCount = 16;

    public void Serialize(ref MessagePackWriter writer, PodRecord value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(value.Id);
        writer.Write(value.Config.ToByteArray());
        writer.Write(value.RuntimeHandler);
        writer.Write((int)value.State);
        writer.Write(value.CreatedAtNs);
        WriteList(ref writer, value.Ips);
        writer.Write(value.NetnsPath);
        writer.Write(value.PodDir);
        writer.Write(value.IpcPath);
        writer.Write(value.UtsPath);
        writer.Write(value.PidPath);
        writer.Write(value.CgroupParent);
        WriteList(ref writer, value.CgroupDirs);
        writer.Write(value.InfraPid);
        writer.Write(value.InfraStartTicks);
        writer.Write(value.Parked ? value.ParkedAtNs : 0);
    }

    public PodRecord Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < 2)
        {
            throw new MessagePackSerializationException($"pod record has {count} fields, needs at least 2");
        }
        var id = reader.ReadString() ?? throw new MessagePackSerializationException("pod record without an id");
        var bytes = reader.ReadBytes();
        var config = bytes is { } b ? PodSandboxConfig.Parser.ParseFrom(b) : new PodSandboxConfig();
        var record = new PodRecord { Id = id, Config = config };
        for (var i = 2; i < count; i++)
        {
            record = ReadField(ref reader, i, record);
        }
        return record;
    }

    private static PodRecord ReadField(ref MessagePackReader reader, int index, PodRecord r) => index switch
    {
        2 => r with { RuntimeHandler = reader.ReadString() ?? "" },
        3 => r with { State = (PodState)reader.ReadInt32() },
        4 => r with { CreatedAtNs = reader.ReadInt64() },
        5 => r with { Ips = ReadList(ref reader) },
        6 => r with { NetnsPath = reader.ReadString() ?? "" },
        7 => r with { PodDir = reader.ReadString() ?? "" },
        8 => r with { IpcPath = reader.ReadString() ?? "" },
        9 => r with { UtsPath = reader.ReadString() ?? "" },
        10 => r with { PidPath = reader.ReadString() ?? "" },
        11 => r with { CgroupParent = reader.ReadString() ?? "" },
        12 => r with { CgroupDirs = ReadList(ref reader) },
        13 => r with { InfraPid = reader.ReadInt32() },
        14 => r with { InfraStartTicks = reader.ReadUInt64() },
        15 => ReadParked(ref reader, r),
        _ => Skip(ref reader, r),
    };

    private static PodRecord ReadParked(ref MessagePackReader reader, PodRecord r)
    {
        var at = reader.ReadInt64();
        return r with { Parked = at != 0, ParkedAtNs = at };
    }

    private static PodRecord Skip(ref MessagePackReader reader, PodRecord r)
    {
        reader.Skip();
        return r;
    }

    private static void WriteList(ref MessagePackWriter writer, IReadOnlyList<string> items)
    {
        writer.WriteArrayHeader(items.Count);
        foreach (var item in items)
        {
            writer.Write(item);
        }
    }

    private static string[] ReadList(ref MessagePackReader reader)
    {
        var items = new string[reader.ReadArrayHeader()];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = reader.ReadString() ?? "";
        }
        return items;
    }
}
