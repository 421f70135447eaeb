using MessagePack;
using MessagePack.Formatters;

namespace CriMesh.Netd.Pods;

/// <summary>
/// <see cref="PodRecord"/> as a MessagePack array, fields in this fixed order (schema 1): sandbox ID, pod
/// name, namespace, uid, state, netns path, interface, config path, network name, config JSON, runtime args
/// JSON, result JSON, IPs (array), annotations (map), created (ns since the epoch).
/// </summary>
public sealed class PodRecordFormatter : IMessagePackFormatter<PodRecord>
{
    public const int SchemaVersion = 1;
    private const int Fields = 15;

    public static readonly PodRecordFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, PodRecord value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(Fields);
        writer.Write(value.SandboxId);
        writer.Write(value.PodName);
        writer.Write(value.PodNamespace);
        writer.Write(value.PodUid);
        writer.Write(value.State);
        writer.Write(value.NetnsPath);
        writer.Write(value.IfName);
        writer.Write(value.ConfigPath);
        writer.Write(value.NetworkName);
        writer.Write(value.ConfigJson);
        writer.Write(value.RuntimeArgsJson);
        writer.Write(value.ResultJson);
        writer.WriteArrayHeader(value.Ips.Count);
        foreach (var ip in value.Ips)
        {
            writer.Write(ip);
        }
        writer.WriteMapHeader(value.Annotations.Count);
        foreach (var (key, annotation) in value.Annotations)
        {
            writer.Write(key);
            writer.Write(annotation);
        }
        writer.Write(value.CreatedUnixNano);
    }

    public PodRecord Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count != Fields)
        {
            throw new MessagePackSerializationException($"pod record: want {Fields} fields, got {count}");
        }
        var record = new PodRecord
        {
            SandboxId = Text(ref reader),
            PodName = Text(ref reader),
            PodNamespace = Text(ref reader),
            PodUid = Text(ref reader),
            State = Text(ref reader),
            NetnsPath = Text(ref reader),
            IfName = Text(ref reader),
            ConfigPath = Text(ref reader),
            NetworkName = Text(ref reader),
            ConfigJson = Text(ref reader),
            RuntimeArgsJson = Text(ref reader),
            ResultJson = Text(ref reader),
        };
        var ips = new string[reader.ReadArrayHeader()];
        for (var i = 0; i < ips.Length; i++)
        {
            ips[i] = Text(ref reader);
        }
        var annotationCount = reader.ReadMapHeader();
        var annotations = new Dictionary<string, string>(annotationCount, StringComparer.Ordinal);
        for (var i = 0; i < annotationCount; i++)
        {
            annotations[Text(ref reader)] = Text(ref reader);
        }
        return record with { Ips = ips, Annotations = annotations, CreatedUnixNano = reader.ReadInt64() };
    }

    private static string Text(ref MessagePackReader reader) =>
        reader.ReadString() ?? throw new MessagePackSerializationException("pod record: a text field is nil");
}
