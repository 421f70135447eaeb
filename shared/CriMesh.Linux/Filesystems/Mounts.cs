using System.Runtime.InteropServices;
using CriMesh.Linux.Interop;

namespace CriMesh.Linux.Filesystems;

/// <summary>The mount calls CriMesh makes, each checked and with the path in its error.</summary>
public static class Mounts
{
    private const ulong MS_REMOUNT = 0x20;

    /// <summary>
    /// Bind-mounts <paramref name="source"/> on <paramref name="target"/> (recursively, MS_REC), read-only
    /// when <paramref name="readOnly"/>: a bind mount ignores MS_RDONLY, so that takes a remount.
    /// </summary>
    public static void Bind(string source, string target, bool readOnly)
    {
        Libc.Check(Libc.Mount(source, target, null, Libc.MS_BIND | Libc.MS_REC, null), "mount(MS_BIND)", target);
        if (!readOnly)
        {
            return;
        }
        try
        {
            Libc.Check(Libc.Mount("none", target, null, MS_REMOUNT | Libc.MS_BIND | Libc.MS_RDONLY, null), "mount(MS_REMOUNT|MS_RDONLY)", target);
        }
        catch
        {
            _ = Libc.Umount2(target, Libc.MNT_DETACH | Libc.UMOUNT_NOFOLLOW);
            throw;
        }
    }

    /// <summary>Makes the mount at <paramref name="target"/> private (MS_PRIVATE), so nothing propagates to or from it.</summary>
    public static void MakePrivate(string target) =>
        Libc.Check(Libc.Mount("none", target, null, Libc.MS_PRIVATE, null), "mount(MS_PRIVATE)", target);

    /// <summary>
    /// Unmounts <paramref name="path"/> (never following a symlink), lazily when <paramref name="detach"/>
    /// (MNT_DETACH: gone from the tree now, freed when the last user leaves). Returns false when nothing was
    /// mounted there (EINVAL) or the path does not exist; throws for anything else (EBUSY without detach).
    /// </summary>
    public static bool Unmount(string path, bool detach)
    {
        var flags = Libc.UMOUNT_NOFOLLOW | (detach ? Libc.MNT_DETACH : 0);
        if (Libc.Umount2(path, flags) == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno is Libc.EINVAL or Libc.ENOENT ? false : throw new SyscallException("umount2", path, errno);
    }

    /// <summary>
    /// Mounts <paramref name="fsType"/> at <paramref name="target"/> with option string <paramref name="data"/>
    /// whose relative paths resolve from <paramref name="workingDirectory"/>: done on a dedicated thread that
    /// unshared its fs context (CLONE_FS) and changed into that directory, so the process's own working
    /// directory never changes. Overlay uses it to keep a long lowerdir list within mount(2)'s one page.
    /// </summary>
    public static void MountRelative(string source, string target, string fsType, ulong flags, string data, string workingDirectory) =>
        Threading.DedicatedThread.Run(() =>
        {
            Libc.Check(Libc.Unshare(Libc.CLONE_FS), "unshare(CLONE_FS)");
            Libc.Check(Libc.Chdir(workingDirectory), "chdir", workingDirectory);
            Libc.Check(Libc.Mount(source, target, fsType, flags, data), $"mount {fsType}", target);
            return true;
        }, "crimesh-mount");
}
