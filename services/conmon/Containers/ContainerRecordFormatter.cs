using MessagePack;
using MessagePack.Formatters;

namespace CriMesh.Conmon.Containers;

/// <summary>
/// MessagePack form of <see cref="ContainerRecord"/>: one array, fields by position. Fields are only ever
/// appended; a reader skips positions it does not know and leaves missing ones at their defaults.
/// </summary>
public sealed class ContainerRecordFormatter : IMessagePackFormatter<ContainerRecord>
{
    public const int SchemaVersion = 1;

    public static readonly ContainerRecordFormatter Instance = new();

    private const int FieldCount = 19;

    public void Serialize(ref MessagePackWriter writer, ContainerRecord value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(value.Id);
        writer.Write(value.SandboxId);
        writer.Write(value.Handler);
        writer.Write(value.BundlePath);
        writer.Write(value.LogPath);
        writer.Write(value.CgroupPath);
        writer.Write(value.ResolvedCgroup);
        writer.WriteMapHeader(value.Labels.Count);
        foreach (var (k, v) in value.Labels)
        {
            writer.Write(k);
            writer.Write(v);
        }
        writer.Write(value.Tty);
        writer.Write(value.Stdin);
        writer.Write(value.StdinOnce);
        writer.Write((int)value.Phase);
        writer.Write(value.Pid);
        writer.Write(value.MonitorPid);
        writer.Write(value.CreatedUnixNano);
        writer.Write(value.StartedUnixNano);
        writer.Write(value.FinishedUnixNano);
        writer.Write(value.ExitCode);
        writer.Write(value.OomKilled);
    }

    public ContainerRecord Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < 4)
        {
            throw new MessagePackSerializationException($"container record has {count} fields, expected at least 4");
        }
        var id = reader.ReadString()!;
        var sandbox = reader.ReadString() ?? "";
        var handler = reader.ReadString()!;
        var bundle = reader.ReadString()!;
        var record = new ContainerRecord { Id = id, SandboxId = sandbox, Handler = handler, BundlePath = bundle };
        for (var i = 4; i < count; i++)
        {
            record = ReadField(ref reader, i, record);
        }
        return record;
    }

    private static ContainerRecord ReadField(ref MessagePackReader reader, int index, ContainerRecord r) => index switch
    {
        4 => r with { LogPath = reader.ReadString() ?? "" },
        5 => r with { CgroupPath = reader.ReadString() ?? "" },
        6 => r with { ResolvedCgroup = reader.ReadString() ?? "" },
        7 => r with { Labels = ReadLabels(ref reader) },
        8 => r with { Tty = reader.ReadBoolean() },
        9 => r with { Stdin = reader.ReadBoolean() },
        10 => r with { StdinOnce = reader.ReadBoolean() },
        11 => r with { Phase = (ContainerPhase)reader.ReadInt32() },
        12 => r with { Pid = reader.ReadInt32() },
        13 => r with { MonitorPid = reader.ReadInt32() },
        14 => r with { CreatedUnixNano = reader.ReadInt64() },
        15 => r with { StartedUnixNano = reader.ReadInt64() },
        16 => r with { FinishedUnixNano = reader.ReadInt64() },
        17 => r with { ExitCode = reader.ReadInt32() },
        18 => r with { OomKilled = reader.ReadBoolean() },
        _ => Skip(ref reader, r),
    };

    private static ContainerRecord Skip(ref MessagePackReader reader, ContainerRecord r)
    {
        reader.Skip();
        return r;
    }

    private static Dictionary<string, string> ReadLabels(ref MessagePackReader reader)
    {
        var n = reader.ReadMapHeader();
        var labels = new Dictionary<string, string>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var k = reader.ReadString()!;
            labels[k] = reader.ReadString() ?? "";
        }
        return labels;
    }
}
