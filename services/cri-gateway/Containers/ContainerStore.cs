using System.Collections.Concurrent;
using CriMesh.Common.Errors;
using CriMesh.Common.State;
using MessagePack;
using Microsoft.Extensions.Logging;

namespace CriMesh.Gateway.Containers;

/// <summary>
/// The gateway's container records, one file per container:
/// <code>
/// STATE_DIR/gateway/containers/
///   ID.rec        MessagePack [schema, record] written tmp + fsync + rename
///   ID/           the container's state dir (termination-log)
///   ID.rec.bad    a record that could not be read, moved aside at load
/// </code>
/// The in-memory map mirrors the files; a write reaches disk before the map shows it.
/// </summary>
public sealed class ContainerStore(string directory, ILogger logger)
{
    public const int SchemaVersion = 1;
    // Null on purpose: touching MessagePackSerializerOptions pulls MessagePack's dynamic resolvers into a
    // NativeAOT build (see RecordStore); the hand-written formatter reads no options.
    private static readonly MessagePackSerializerOptions Options = null!;
    private readonly ConcurrentDictionary<string, ContainerRecord> records = new(StringComparer.Ordinal);
    private readonly Lock writeLock = new();

    public string Directory { get; } = directory;

    public IReadOnlyList<ContainerRecord> Load()
    {
        System.IO.Directory.CreateDirectory(Directory);
        AtomicFile.CleanTemporaries(Directory);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.rec"))
        {
            try
            {
                var record = Decode(File.ReadAllBytes(file));
                records[record.Id] = record;
            }
            catch (Exception e) when (e is MessagePackSerializationException or IOException or InvalidDataException)
            {
                Log.ContainerRecordCorrupt(logger, file, e.Message);
                File.Move(file, file + ".bad", overwrite: true);
            }
        }
        return [.. records.Values];
    }

    public void Put(ContainerRecord record)
    {
        lock (writeLock)
        {
            AtomicFile.WriteAllBytes(PathOf(record.Id), Encode(record));
            records[record.Id] = record;
        }
    }

    public bool Delete(string id)
    {
        lock (writeLock)
        {
            File.Delete(PathOf(id));
            return records.TryRemove(id, out _);
        }
    }

    public ContainerRecord? Get(string id) => records.GetValueOrDefault(id);

    public ICollection<ContainerRecord> All => records.Values;

    /// <summary>The record with this ID or unique ID prefix (parked ones excluded); NotFound otherwise.</summary>
    public ContainerRecord Resolve(string idOrPrefix) =>
        TryResolve(idOrPrefix) ?? throw CriMeshException.NotFound($"container \"{idOrPrefix}\" not found");

    public ContainerRecord? TryResolve(string idOrPrefix)
    {
        if (idOrPrefix.Length == 0) throw CriMeshException.Invalid("container ID is empty");
        if (records.TryGetValue(idOrPrefix, out var exact)) return exact.Parked ? null : exact;
        var matches = records.Values.Where(r => !r.Parked && r.Id.StartsWith(idOrPrefix, StringComparison.Ordinal)).Take(2).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw CriMeshException.Invalid($"container ID prefix \"{idOrPrefix}\" is ambiguous"),
        };
    }

    private string PathOf(string id) => Path.Combine(Directory, id + ".rec");

    private static byte[] Encode(ContainerRecord record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(SchemaVersion);
        ContainerRecordFormatter.Instance.Serialize(ref writer, record, Options);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static ContainerRecord Decode(byte[] bytes)
    {
        var reader = new MessagePackReader(bytes);
        if (reader.ReadArrayHeader() != 2) throw new InvalidDataException("not a container record");
        var schema = reader.ReadInt32();
        if (schema > SchemaVersion) throw new InvalidDataException($"container record schema {schema} is newer than {SchemaVersion}");
        return ContainerRecordFormatter.Instance.Deserialize(ref reader, Options);
    }
}
