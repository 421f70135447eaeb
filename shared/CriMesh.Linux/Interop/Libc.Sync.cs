using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>File descriptors, durability and advisory locks.</summary>
public static partial class Libc
{
    public const int O_RDONLY = 0;
    public const int O_DIRECTORY = 0x10000;
    public const int O_CLOEXEC = 0x80000;

    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int LOCK_UN = 8;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fsync(SafeFd fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(SafeFd fd, int operation);

    /// <summary>Opens <paramref name="path"/> read-only with O_CLOEXEC plus <paramref name="flags"/>.</summary>
    public static SafeFd OpenReadOnly(string path, int flags = 0) =>
        new(Check(open(path, O_RDONLY | O_CLOEXEC | flags, 0), "open", path));

    /// <summary>Makes a rename or create inside <paramref name="directory"/> durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        using var fd = OpenReadOnly(directory, O_DIRECTORY);
        Check(fsync(fd), "fsync", directory);
    }
}
