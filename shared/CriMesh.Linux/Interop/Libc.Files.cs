using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CriMesh.Linux.Interop;

/// <summary>The *at family of file calls, so that every path is resolved relative to a directory fd.</summary>
public static partial class Libc
{
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_EMPTY_PATH = 0x1000;

    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_TRUNC = 0x200;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_PATH = 0x200000;

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtRaw(SafeFileHandle dirFd, string path, int flags, uint mode);

    /// <summary>openat(2) relative to <paramref name="dirFd"/>; returns -1 and sets errno on failure (use <see cref="Check(int, string, string?)"/>).</summary>
    public static int OpenAt(SafeFileHandle dirFd, string path, int flags, uint mode) => OpenAtRaw(dirFd, path, flags | O_CLOEXEC, mode);

    /// <summary>Opens <paramref name="path"/> with open(2) flags and returns an owned handle; throws on failure.</summary>
    public static SafeFileHandle OpenHandle(string path, int flags, uint mode = 0)
    {
        var fd = Check(open(path, flags | O_CLOEXEC, (int)mode), "open", path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>openat(2) returning an owned handle; throws on failure.</summary>
    public static SafeFileHandle OpenHandleAt(SafeFileHandle dirFd, string path, int flags, uint mode = 0)
    {
        var fd = Check(OpenAt(dirFd, path, flags, mode), "openat", path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkdirAt(SafeFileHandle dirFd, string path, uint mode);

    [LibraryImport("libc", EntryPoint = "mknodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MknodAt(SafeFileHandle dirFd, string path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SymlinkAt(string target, SafeFileHandle newDirFd, string linkPath);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LinkAt(SafeFileHandle oldDirFd, string oldPath, SafeFileHandle newDirFd, string newPath, int flags);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(SafeFileHandle dirFd, string path, int flags);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FchownAt(SafeFileHandle dirFd, string path, uint uid, uint gid, int flags);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int Fchown(SafeFileHandle fd, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "fchmodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FchmodAt(SafeFileHandle dirFd, string path, uint mode, int flags);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(SafeFileHandle fd, uint mode);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UtimensAtRaw(SafeFileHandle dirFd, string path, ReadOnlySpan<Timespec> times, int flags);

    /// <summary>Sets access and modification time of <paramref name="path"/> under <paramref name="dirFd"/> (both to <paramref name="time"/>).</summary>
    public static int UtimensAt(SafeFileHandle dirFd, string path, Timespec time, int flags)
    {
        ReadOnlySpan<Timespec> times = [time, time];
        return UtimensAtRaw(dirFd, path, times, flags);
    }

    [LibraryImport("libc", EntryPoint = "futimens", SetLastError = true)]
    private static partial int FutimensRaw(SafeFileHandle fd, ReadOnlySpan<Timespec> times);

    /// <summary>Sets access and modification time of an open file.</summary>
    public static int Futimens(SafeFileHandle fd, Timespec time)
    {
        ReadOnlySpan<Timespec> times = [time, time];
        return FutimensRaw(fd, times);
    }

    /// <summary>makedev(3): the dev_t of a device number pair.</summary>
    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8)
        | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
}
