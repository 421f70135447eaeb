using System.Runtime.InteropServices;
using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;
using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged.Mounts;

/// <summary>
/// Mounts and unmounts overlay root filesystems. The option string given to mount(2) names the layers
/// relative to the store root ("lowerdir=l/AB12:l/CD34,...") so a hundred layers take about 1.3 KiB, well
/// inside the one page the kernel accepts; the relative names resolve against the working directory of a
/// dedicated thread that unshared its fs context (CLONE_FS), so the process's own cwd never changes.
/// </summary>
public sealed class OverlayMounter(ILogger logger)
{
    /// <summary>The kernel copies at most one page of mount data.</summary>
    public static readonly int MaxMountData = Environment.SystemPageSize - 1;

    /// <summary>Mounts overlay at <paramref name="target"/> with <paramref name="relativeData"/> resolved from <paramref name="root"/>.</summary>
    public static void Mount(string root, string target, string relativeData, int layers)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(relativeData) > MaxMountData)
        {
            throw new CriMeshException(ErrorKind.ResourceExhausted,
                $"overlay options for {layers} layers are {relativeData.Length} bytes, over the {MaxMountData}-byte limit of mount(2)");
        }
        try
        {
            CriMesh.Linux.Filesystems.Mounts.MountRelative("overlay", target, "overlay", Libc.MS_NODEV, relativeData, root);
        }
        catch (SyscallException s) when (s.Operation == "mount overlay")
        {
            throw new CriMeshException(ErrorKind.Internal,
                $"failed to mount overlay at {target} ({layers} lower dirs): {s.ErrnoName}", s);
        }
    }

    /// <summary>Unmounts <paramref name="target"/>; a busy mount is detached. Not mounted is success.</summary>
    public void Unmount(string target)
    {
        if (Libc.Umount2(target, Libc.UMOUNT_NOFOLLOW) == 0)
        {
            return;
        }
        var errno = Marshal.GetLastPInvokeError();
        switch (errno)
        {
            case Libc.EINVAL or Libc.ENOENT:
                return;
            case Libc.EBUSY:
                Libc.Check(Libc.Umount2(target, Libc.MNT_DETACH | Libc.UMOUNT_NOFOLLOW), "umount2 (detach)", target);
                Log.UnmountDetached(logger, target);
                return;
            default:
                throw new SyscallException("umount2", target, errno);
        }
    }

    /// <summary>Unmounts every mount at or below <paramref name="path"/>, deepest first.</summary>
    public void UnmountAllUnder(string path)
    {
        foreach (var mountPoint in MountTable.MountPointsUnder(path))
        {
            Unmount(mountPoint);
        }
        if (MountTable.MountPointsUnder(path).Count > 0)
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"mounts remain under {path} after unmounting");
        }
    }
}
