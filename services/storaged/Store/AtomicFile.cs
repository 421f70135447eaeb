using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CriMesh.Linux.Interop;

namespace CriMesh.Storaged.Store;

/// <summary>Record files written whole or not at all: write a temp file, fsync, rename over, fsync the directory.</summary>
public static class AtomicFile
{
    public static void WriteJson<T>(string path, T value, JsonTypeInfo<T> typeInfo)
    {
        var tmp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096))
            {
                JsonSerializer.Serialize(stream, value, typeInfo);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
        SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Reads a record; null when the file is missing or not a complete record.</summary>
    public static T? ReadJson<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            return JsonSerializer.Deserialize(stream, typeInfo);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>fsync of a directory, so a rename or create inside it is durable.</summary>
    public static void SyncDirectory(string path)
    {
        using var dir = Libc.OpenHandle(path, Libc.O_RDONLY | Libc.O_DIRECTORY);
        Libc.Check(Libc.Fsync(dir), "fsync", path);
    }
}
