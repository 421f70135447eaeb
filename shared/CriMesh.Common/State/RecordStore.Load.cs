using CriMesh.Common.Errors;
using MessagePack;

namespace CriMesh.Common.State;

/// <summary>Reading one checkpoint file, and moving an unreadable one aside.</summary>
public sealed partial class RecordStore<T>
{
    /// <summary>Reads <paramref name="path"/>; null when it was unreadable (it is then quarantined).</summary>
    private T? LoadFile(string path)
    {
        string reason;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                reason = $"{length} bytes, over the {MaxFileBytes}-byte limit";
            }
            else
            {
                var record = Decode(File.ReadAllBytes(path), out reason);
                var expected = Path.GetFileNameWithoutExtension(path);
                if (record is not null && _idOf(record) == expected)
                {
                    return record;
                }
                if (record is not null)
                {
                    reason = $"it holds record '{_idOf(record)}', not '{expected}'";
                }
            }
        }
        catch (IOException e)
        {
            reason = e.Message;
        }
        Quarantine(path, reason);
        return null;
    }

    private T? Decode(byte[] bytes, out string reason)
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            if (reader.ReadArrayHeader() != 3 || reader.ReadString() != Magic)
            {
                reason = "not a crimesh record";
                return null;
            }
            var version = reader.ReadInt32();
            T? record;
            if (version == SchemaVersion)
            {
                record = _formatter.Deserialize(ref reader, _options);
            }
            else if (version > SchemaVersion)
            {
                throw new CriMeshException(ErrorKind.FailedPrecondition,
                    $"record store {Directory} holds a record of schema {version}; this build reads up to {SchemaVersion}");
            }
            else if (_upgrade is not null && version > 0)
            {
                record = _upgrade(version, ref reader, _options);
            }
            else
            {
                reason = $"schema {version} cannot be upgraded to {SchemaVersion}";
                return null;
            }
            reason = reader.End ? "" : "trailing bytes after the record";
            return reader.End ? record : null;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException
            or OverflowException or ArgumentException or FormatException)
        {
            reason = e.Message;
            return null;
        }
    }

    private void Quarantine(string path, string reason)
    {
        var dir = Path.Combine(Directory, "quarantine");
        System.IO.Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, $"{Path.GetFileName(path)}.{Guid.NewGuid():N}");
        File.Move(path, target);
        Linux.Interop.Libc.FsyncDirectory(Directory);
        Log.RecordQuarantined(_logger, path, reason, target);
    }
}
