using System.Buffers;
using CriMesh.Common.Errors;
using MessagePack;
using MessagePack.Formatters;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriMesh.Common.State;

/// <summary>
/// A directory of records, one checkpoint file per record, each written atomically (tmp + fsync + rename)
/// and versioned. <see cref="LoadAll"/> reads them at start; afterwards the store serves reads from memory
/// and every <see cref="Put"/> / <see cref="Delete"/> reaches the disk before it returns (and before the
/// caller publishes the change). One process owns a store at a time (an exclusive <see cref="FileLock"/>);
/// inside it one lock serialises writes.
/// </summary>
/// <remarks>
/// On-disk layout:
/// <code>
/// directory/
///   .lock                          flock, held exclusively while a process has the store open
///   ID.rec                         MessagePack [ "crimesh.record", schemaVersion, record ]
///   .ID.rec.PID.GUID.tmp           a write a crash interrupted (deleted by LoadAll)
///   quarantine/ID.rec.GUID         files LoadAll could not read, moved aside and logged
/// </code>
/// The record is encoded by a hand-written <see cref="IMessagePackFormatter{T}"/> (no dynamic resolver,
/// so NativeAOT-safe). A file of an older schema goes through the upgrader given to the constructor (or is
/// quarantined when there is none); a file of a newer schema stops <see cref="LoadAll"/>, since this build
/// cannot know what it would drop.
/// </remarks>
public sealed partial class RecordStore<T> : IDisposable
    where T : class
{
    private const string Magic = "crimesh.record";
    private const string Extension = ".rec";
    private const int MaxFileBytes = 16 << 20;

    private readonly IMessagePackFormatter<T> _formatter;
    private readonly Func<T, string> _idOf;
    private readonly RecordUpgrader<T>? _upgrade;
    private readonly ILogger _logger;
    private readonly MessagePackSerializerOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, T> _records = new(StringComparer.Ordinal);
    private FileLock? _ownership;

    public RecordStore(
        string directory,
        int schemaVersion,
        IMessagePackFormatter<T> formatter,
        Func<T, string> idOf,
        ILogger? logger = null,
        RecordUpgrader<T>? upgrade = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(schemaVersion);
        Directory = Path.GetFullPath(directory);
        SchemaVersion = schemaVersion;
        _formatter = formatter;
        _idOf = idOf;
        _upgrade = upgrade;
        _logger = logger ?? NullLogger.Instance;
        // No MessagePackSerializerOptions is ever built: its static constructor reaches MessagePack's
        // StandardResolver and with it the library's dynamic (Reflection.Emit) resolvers, which a
        // NativeAOT publish refuses. Record formatters are hand-written and read no options.
        _options = null!;
    }

    /// <summary>The store's directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>The schema version this build writes.</summary>
    public int SchemaVersion { get; }

    /// <summary>A snapshot of every record.</summary>
    public IReadOnlyCollection<T> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.Values];
            }
        }
    }

    /// <summary>The record with <paramref name="id"/>, or null.</summary>
    public T? Get(string id)
    {
        lock (_gate)
        {
            return _records.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Takes ownership of the directory (creating it), removes interrupted writes, and reads every record.
    /// Unreadable files are moved to quarantine/ and logged; they never stop the start. Throws
    /// <see cref="CriMeshException"/> (FailedPrecondition) when another process has the store open or a file
    /// comes from a newer schema.
    /// </summary>
    public IReadOnlyList<T> LoadAll()
    {
        lock (_gate)
        {
            System.IO.Directory.CreateDirectory(Directory);
            _ownership ??= FileLock.TryAcquire(Path.Combine(Directory, ".lock"), exclusive: true)
                ?? throw new CriMeshException(ErrorKind.FailedPrecondition, $"record store {Directory} is in use by another process");
            var removed = AtomicFile.CleanTemporaries(Directory);
            if (removed > 0)
            {
                Log.RecordTemporariesRemoved(_logger, removed, Directory);
            }
            _records.Clear();
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension).Order(StringComparer.Ordinal))
            {
                var record = LoadFile(file);
                if (record is not null)
                {
                    _records[_idOf(record)] = record;
                }
            }
            Log.RecordsLoaded(_logger, _records.Count, Directory);
            return [.. _records.Values];
        }
    }

    /// <summary>Writes <paramref name="record"/> durably (replacing any record with its ID), then publishes it in memory.</summary>
    public void Put(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var id = _idOf(record);
        var path = PathOf(id);
        var bytes = Encode(record);
        lock (_gate)
        {
            EnsureLoaded();
            AtomicFile.WriteAllBytes(path, bytes);
            _records[id] = record;
        }
    }

    /// <summary>Removes the record with <paramref name="id"/> from disk and memory; false when there was none.</summary>
    public bool Delete(string id)
    {
        var path = PathOf(id);
        lock (_gate)
        {
            EnsureLoaded();
            var existed = _records.Remove(id) | File.Exists(path);
            File.Delete(path);
            Linux.Interop.Libc.FsyncDirectory(Directory);
            return existed;
        }
    }

    /// <summary>Releases the store's ownership lock.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _ownership?.Dispose();
            _ownership = null;
        }
    }

    /// <summary>The file of record <paramref name="id"/>; refuses IDs that are not plain names.</summary>
    private string PathOf(string id)
    {
        RecordIds.Validate(id);
        return Path.Combine(Directory, id + Extension);
    }

    private void EnsureLoaded()
    {
        if (_ownership is null)
        {
            throw new InvalidOperationException($"record store {Directory}: call LoadAll before writing");
        }
    }

    private byte[] Encode(T record)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write(Magic);
        writer.Write(SchemaVersion);
        _formatter.Serialize(ref writer, record, _options);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>Reads a record written under an older schema (<paramref name="fileVersion"/>) from <paramref name="reader"/>.</summary>
public delegate T RecordUpgrader<T>(int fileVersion, ref MessagePackReader reader, MessagePackSerializerOptions options);
