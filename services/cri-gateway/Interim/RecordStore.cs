// INTERIM stand-in for the shared helper's CriMesh.Common.State.RecordStore (same signatures); deleted when it lands.
using MessagePack;
using MessagePack.Formatters;

namespace CriMesh.Common.State;

internal sealed class RecordStore<T>(string directory, int schemaVersion, IMessagePackFormatter<T> formatter, Func<T, string> idOf)
    where T : class
{
    private readonly Dictionary<string, T> _records = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly int _version = schemaVersion;

    public IReadOnlyList<T> LoadAll()
    {
        Directory.CreateDirectory(directory);
        lock (_lock)
        {
            _records.Clear();
            foreach (var file in Directory.EnumerateFiles(directory, "*.rec"))
            {
                var bytes = File.ReadAllBytes(file);
                var reader = new MessagePackReader(bytes);
                var record = formatter.Deserialize(ref reader, MessagePackSerializerOptions.Standard);
                _records[idOf(record)] = record;
            }
            return _records.Values.ToList();
        }
    }

    public void Put(T record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        formatter.Serialize(ref writer, record, MessagePackSerializerOptions.Standard);
        writer.Flush();
        lock (_lock)
        {
            AtomicFile.WriteAllBytes(Path.Combine(directory, idOf(record) + ".rec"), buffer.WrittenSpan);
            _records[idOf(record)] = record;
        }
    }

    public bool Delete(string id)
    {
        lock (_lock)
        {
            File.Delete(Path.Combine(directory, id + ".rec"));
            return _records.Remove(id);
        }
    }

    public T? Get(string id)
    {
        lock (_lock)
        {
            return _records.GetValueOrDefault(id);
        }
    }

    public IReadOnlyCollection<T> All
    {
        get
        {
            lock (_lock)
            {
                return _records.Values.ToList();
            }
        }
    }

    public int SchemaVersion => _version;
}
