using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CriMesh.Linux.Interop;

/// <summary>statx(2), statvfs(3) and openat2(2): file facts with an arch-independent layout, and confined path lookups.</summary>
public static partial class Libc
{
    public const uint STATX_BASIC_STATS = 0x7ff;

    /// <summary>openat2 resolve flags (linux/openat2.h).</summary>
    public const ulong RESOLVE_NO_XDEV = 0x01;
    public const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    public const ulong RESOLVE_NO_SYMLINKS = 0x04;
    public const ulong RESOLVE_BENEATH = 0x08;
    public const ulong RESOLVE_IN_ROOT = 0x10;

    private const long SYS_openat2 = 437;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxRaw(SafeFileHandle dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxCwdRaw(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>statx of <paramref name="path"/> under <paramref name="dirFd"/>; returns -1 with errno on failure.</summary>
    public static int Statx(SafeFileHandle dirFd, string path, int flags, out StatxBuffer buffer) =>
        StatxRaw(dirFd, path, flags, STATX_BASIC_STATS, out buffer);

    /// <summary>statx of an absolute (or cwd-relative) path; returns -1 with errno on failure.</summary>
    public static int Statx(string path, int flags, out StatxBuffer buffer) =>
        StatxCwdRaw(AT_FDCWD, path, flags, STATX_BASIC_STATS, out buffer);

    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatvfsRaw(string path, out StatvfsBuffer buffer);

    /// <summary>statvfs(3) of the filesystem holding <paramref name="path"/>; throws on failure.</summary>
    public static StatvfsBuffer Statvfs(string path)
    {
        Check(StatvfsRaw(path, out var buffer), "statvfs", path);
        return buffer;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SyscallOpenat2(long number, SafeFileHandle dirFd, string path, in OpenHow how, nuint size);

    /// <summary>openat2(2) with <paramref name="resolve"/> flags; returns the fd or -1 with errno.</summary>
    public static int Openat2(SafeFileHandle dirFd, string path, int flags, uint mode, ulong resolve)
    {
        var how = new OpenHow((ulong)(flags | O_CLOEXEC), mode, resolve);
        return (int)SyscallOpenat2(SYS_openat2, dirFd, path, in how, (nuint)Marshal.SizeOf<OpenHow>());
    }

    /// <summary>struct open_how.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct OpenHow(ulong Flags, ulong Mode, ulong Resolve);
}
