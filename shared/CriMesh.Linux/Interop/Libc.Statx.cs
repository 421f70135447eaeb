using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>File-type constants and the st_mode helpers built on <see cref="Statx(string, int, out StatxBuffer)"/>.</summary>
public static partial class Libc
{
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;

    public const int S_IFMT = 0xF000;
    public const int S_IFSOCK = 0xC000;
    public const int S_IFLNK = 0xA000;
    public const int S_IFREG = 0x8000;
    public const int S_IFBLK = 0x6000;
    public const int S_IFDIR = 0x4000;
    public const int S_IFCHR = 0x2000;
    public const int S_IFIFO = 0x1000;

    /// <summary>The st_mode of <paramref name="path"/> without following a final symlink; null when it does not exist.</summary>
    public static int? LstatMode(string path)
    {
        if (Statx(path, AT_SYMLINK_NOFOLLOW, out var buffer) == 0)
        {
            return buffer.Mode;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno is ENOENT or ENOTDIR ? null : throw new SyscallException("statx", path, errno);
    }

    /// <summary>True when <paramref name="path"/> is a Unix socket (not following symlinks).</summary>
    public static bool IsSocket(string path) => LstatMode(path) is { } mode && (mode & S_IFMT) == S_IFSOCK;
}
