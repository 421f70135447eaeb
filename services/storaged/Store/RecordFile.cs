using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CriMesh.Common.State;
using CriMesh.Linux.Interop;

namespace CriMesh.Storaged.Store;

/// <summary>Record files as JSON, written atomically by <see cref="AtomicFile"/> (tmp + fsync + rename + fsync dir).</summary>
public static class RecordFile
{
    public static void Write<T>(string path, T value, JsonTypeInfo<T> typeInfo) =>
        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    /// <summary>Reads a record; null when the file is missing or not a complete record.</summary>
    public static T? Read<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var bytes = AtomicFile.TryReadAllBytes(path);
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>fsync of a directory, so a rename or unlink inside it is durable.</summary>
    public static void SyncDirectory(string path) => Libc.FsyncDirectory(path);
}
