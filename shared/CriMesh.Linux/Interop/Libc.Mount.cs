using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>mount(2), umount2(2) and the per-thread working directory that long overlay option strings need.</summary>
public static partial class Libc
{
    public const ulong MS_RDONLY = 0x1;
    public const ulong MS_NOSUID = 0x2;
    public const ulong MS_NODEV = 0x4;
    public const ulong MS_BIND = 0x1000;
    public const ulong MS_REC = 0x4000;
    public const ulong MS_PRIVATE = 0x40000;

    public const int MNT_FORCE = 0x1;
    public const int MNT_DETACH = 0x2;
    public const int UMOUNT_NOFOLLOW = 0x8;

    /// <summary>unshare(2) flag: give the calling thread its own working directory and root.</summary>
    public const int CLONE_FS = 0x200;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string? fsType, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "chdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chdir(string path);
}
