using CriMesh.Linux.Interop;
using static CriMesh.Linux.Interop.Libc;

namespace CriMesh.Storaged.Store;

/// <summary>Removal and measurement of directory trees that never follow a symlink nor cross into another mount.</summary>
public static class FileTree
{
    /// <summary>Deletes <paramref name="path"/> and everything below it; a missing path is fine.</summary>
    public static void Delete(string path)
    {
        if (Statx(path, AT_SYMLINK_NOFOLLOW, out var st) != 0)
        {
            return;
        }
        if (st.FileType != S_IFDIR)
        {
            File.Delete(path);
            return;
        }
        DeleteDirectory(path, st.DevMajor, st.DevMinor);
    }

    /// <summary>
    /// Bytes on disk (512-byte blocks) and inodes below <paramref name="path"/>, the directory itself included;
    /// a file with several hard links counts once.
    /// </summary>
    public static (long Bytes, long Inodes) Measure(string path)
    {
        if (Statx(path, AT_SYMLINK_NOFOLLOW, out var st) != 0)
        {
            return (0, 0);
        }
        long bytes = (long)st.Blocks * 512;
        long inodes = 1;
        if (st.FileType == S_IFDIR)
        {
            MeasureDirectory(path, st.DevMajor, st.DevMinor, [], ref bytes, ref inodes, depth: 0);
        }
        return (bytes, inodes);
    }

    private static void DeleteDirectory(string dir, uint devMajor, uint devMinor)
    {
        using var parent = OpenHandle(Path.GetDirectoryName(dir)!, O_RDONLY | O_DIRECTORY);
        RemoveTreeAt(parent, Path.GetFileName(dir), devMajor, devMinor, depth: 0);
    }

    /// <summary>
    /// Removes the directory <paramref name="name"/> under <paramref name="parent"/> and its contents, every
    /// step relative to an fd opened with O_NOFOLLOW, so a symlink swapped in meanwhile is unlinked, never followed.
    /// </summary>
    public static void RemoveTreeAt(Microsoft.Win32.SafeHandles.SafeFileHandle parent, string name, uint devMajor, uint devMinor, int depth)
    {
        if (depth > 4096)
        {
            throw new IOException($"directory tree below {name} is deeper than 4096 levels");
        }
        using (var dir = OpenHandleAt(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW))
        {
            var names = Directory.EnumerateFileSystemEntries($"/proc/self/fd/{dir.DangerousGetHandle()}")
                .Select(p => Path.GetFileName(p)).ToList();
            foreach (var child in names)
            {
                if (Statx(dir, child, AT_SYMLINK_NOFOLLOW, out var st) != 0)
                {
                    continue;
                }
                if (st.FileType == S_IFDIR)
                {
                    if (devMajor != uint.MaxValue && (st.DevMajor != devMajor || st.DevMinor != devMinor))
                    {
                        throw new IOException($"refusing to delete {child} below {name}: another filesystem is mounted there");
                    }
                    RemoveTreeAt(dir, child, devMajor, devMinor, depth + 1);
                }
                else
                {
                    Check(UnlinkAt(dir, child, 0), "unlinkat", child);
                }
            }
        }
        Check(UnlinkAt(parent, name, AT_REMOVEDIR), "unlinkat", name);
    }

    private static void MeasureDirectory(string dir, uint devMajor, uint devMinor, HashSet<ulong> linked, ref long bytes, ref long inodes, int depth)
    {
        if (depth > 4096)
        {
            return;
        }
        IEnumerable<string> children;
        try
        {
            children = Directory.EnumerateFileSystemEntries(dir).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var child in children)
        {
            if (Statx(child, AT_SYMLINK_NOFOLLOW, out var st) != 0 || (st.FileType != S_IFDIR && st.Nlink > 1 && !linked.Add(st.Ino)))
            {
                continue;
            }
            bytes += (long)st.Blocks * 512;
            inodes++;
            if (st.FileType == S_IFDIR && st.DevMajor == devMajor && st.DevMinor == devMinor)
            {
                MeasureDirectory(child, devMajor, devMinor, linked, ref bytes, ref inodes, depth + 1);
            }
        }
    }
}
