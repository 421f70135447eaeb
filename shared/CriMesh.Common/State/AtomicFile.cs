using CriMesh.Linux.Interop;

namespace CriMesh.Common.State;

/// <summary>
/// Whole-file writes that a crash cannot tear: write a temporary file beside the target, fsync it,
/// rename it over the target, fsync the directory. A reader sees the old content or the new, never a mix.
/// The file is created 0600: everything written this way is daemon state, not for other users.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var create = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 1,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using (var stream = new FileStream(tmp, create))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
            Libc.FsyncDirectory(dir);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    public static void WriteAllText(string path, string content) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Reads <paramref name="path"/>, or null when it does not exist.</summary>
    public static byte[]? TryReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes temporary files a crash left in <paramref name="directory"/>; returns how many.</summary>
    public static int CleanTemporaries(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(directory, ".*.tmp"))
        {
            TryDelete(file);
            count++;
        }
        return count;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
