using CriMesh.Common.State;
// TEMPORARY: stands in for CriMesh.Common.State.RecordStore until the shared helper lands it; same signatures.
using MessagePack;
using MessagePack.Formatters;

namespace CriMesh.Conmon.Shims;

public sealed class RecordStore<T>
    where T : class
{
    private readonly string _dir;
    private readonly IMessagePackFormatter<T> _formatter;
    private readonly Func<T, string> _idOf;
    private readonly Dictionary<string, T> _all = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public RecordStore(string directory, int schemaVersion, IMessagePackFormatter<T> formatter, Func<T, string> idOf)
    {
        _dir = directory;
        _formatter = formatter;
        _idOf = idOf;
        _ = schemaVersion;
        Directory.CreateDirectory(directory);
    }

    public IReadOnlyList<T> LoadAll()
    {
        lock (_lock)
        {
            _all.Clear();
            AtomicFile.CleanTemporaries(_dir);
            foreach (var file in Directory.EnumerateFiles(_dir, "*.rec"))
            {
                var bytes = File.ReadAllBytes(file);
                var reader = new MessagePackReader(bytes);
                var record = _formatter.Deserialize(ref reader, MessagePackSerializerOptions.Standard);
                _all[_idOf(record)] = record;
            }
            return _all.Values.ToList();
        }
    }

    public void Put(T record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        _formatter.Serialize(ref writer, record, MessagePackSerializerOptions.Standard);
        writer.Flush();
        lock (_lock)
        {
            AtomicFile.WriteAllBytes(Path.Combine(_dir, _idOf(record) + ".rec"), buffer.WrittenSpan);
            _all[_idOf(record)] = record;
        }
    }

    public bool Delete(string id)
    {
        lock (_lock)
        {
            var path = Path.Combine(_dir, id + ".rec");
            var existed = File.Exists(path);
            File.Delete(path);
            _all.Remove(id);
            return existed;
        }
    }

    public T? Get(string id)
    {
        lock (_lock)
        {
            return _all.GetValueOrDefault(id);
        }
    }

    public IReadOnlyCollection<T> All
    {
        get
        {
            lock (_lock)
            {
                return _all.Values.ToList();
            }
        }
    }
}
