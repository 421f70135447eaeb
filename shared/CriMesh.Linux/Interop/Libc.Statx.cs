using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>statx(2): its struct layout is the same on every architecture, unlike struct stat.</summary>
public static partial class Libc
{
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const uint STATX_TYPE = 0x1;
    public const uint STATX_MODE = 0x2;

    public const int S_IFMT = 0xF000;
    public const int S_IFSOCK = 0xC000;
    public const int S_IFLNK = 0xA000;
    public const int S_IFREG = 0x8000;
    public const int S_IFBLK = 0x6000;
    public const int S_IFDIR = 0x4000;
    public const int S_IFCHR = 0x2000;
    public const int S_IFIFO = 0x1000;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The st_mode of <paramref name="path"/> without following a final symlink; null when it does not exist.</summary>
    public static unsafe int? LstatMode(string path)
    {
        // struct statx is 256 bytes; stx_mode is a __u16 at offset 28.
        var buffer = stackalloc byte[256];
        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MODE, buffer) == 0)
        {
            return *(ushort*)(buffer + 28);
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno is ENOENT or ENOTDIR ? null : throw new SyscallException("statx", path, errno);
    }

    /// <summary>True when <paramref name="path"/> is a Unix socket (not following symlinks).</summary>
    public static bool IsSocket(string path) => LstatMode(path) is { } mode && (mode & S_IFMT) == S_IFSOCK;
}
