using System.Runtime.InteropServices;
using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;
using Microsoft.Win32.SafeHandles;
using static CriMesh.Linux.Interop.Libc;

namespace CriMesh.Storaged.Unpack;

/// <summary>Directory resolution inside the root, removal of replaced entries, and attribute setting.</summary>
internal sealed partial class LayerWriter
{
    /// <summary>
    /// Opens the directory <paramref name="relPath"/> resolved inside the root (symlinks on the way stay
    /// inside it), creating missing components when <paramref name="create"/> is set.
    /// </summary>
    private SafeFileHandle OpenDirectory(string relPath, bool create, string entryName)
    {
        if (relPath.Length == 0)
        {
            return root;
        }
        if (dirs.TryGetValue(relPath, out var cached))
        {
            return cached;
        }
        var fd = OpenInRoot(relPath);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != ENOENT || !create)
            {
                throw CriMeshException.Invalid($"parent \"{relPath}\" of layer entry \"{entryName}\" is not a directory in the layer ({ErrnoName(errno)})");
            }
            var slash = relPath.LastIndexOf('/');
            var up = OpenDirectory(slash < 0 ? "" : relPath[..slash], create: true, entryName);
            var name = relPath[(slash + 1)..];
            if (MkdirAt(up, name, 0x1ED /* 0755 */) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                throw errno == EEXIST
                    ? CriMeshException.Invalid($"parent \"{relPath}\" of layer entry \"{entryName}\" is a dangling symlink or not a directory")
                    : new SyscallException("mkdirat", relPath, errno);
            }
            Inodes++;
            fd = Check(OpenInRoot(relPath), "openat2", relPath);
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        Cache(relPath, handle);
        return handle;
    }

    private int OpenInRoot(string relPath)
    {
        for (var attempt = 0; ; attempt++)
        {
            var fd = Openat2(root, relPath, O_RDONLY | O_DIRECTORY, 0, InRoot);
            if (fd >= 0 || Marshal.GetLastPInvokeError() != EAGAIN || attempt >= 8)
            {
                return fd;
            }
        }
    }

    private void Cache(string relPath, SafeFileHandle handle)
    {
        if (dirs.Count >= MaxCachedDirs)
        {
            ForgetDirectories();
        }
        if (dirs.Remove(relPath, out var old))
        {
            retired.Add(old);
        }
        dirs[relPath] = handle;
    }

    /// <summary>After a removal a cached path may name a different directory; handles in use are retired, not closed.</summary>
    private void ForgetDirectories()
    {
        retired.AddRange(dirs.Values);
        dirs.Clear();
        if (retired.Count > 4 * MaxCachedDirs)
        {
            // Only the current entry's parent can still be in use; closing older ones keeps fds bounded.
            foreach (var fd in retired.Take(retired.Count - MaxCachedDirs))
            {
                fd.Dispose();
            }
            retired.RemoveRange(0, retired.Count - MaxCachedDirs);
        }
    }

    /// <summary>Removes whatever is at <paramref name="leaf"/> (a directory with its contents), never following a symlink.</summary>
    private void RemoveExisting(SafeFileHandle parent, string leaf)
    {
        if (Statx(parent, leaf, AT_SYMLINK_NOFOLLOW, out var st) != 0)
        {
            return;
        }
        if (st.FileType == S_IFDIR)
        {
            Store.FileTree.RemoveTreeAt(parent, leaf, uint.MaxValue, uint.MaxValue, depth: 0);
        }
        else
        {
            Check(UnlinkAt(parent, leaf, 0), "unlinkat", leaf);
        }
        ForgetDirectories();
    }

    /// <summary>Owner, mode, xattrs and mtime of a non-regular leaf, none of them following a symlink.</summary>
    private static void SetLeafAttributes(SafeFileHandle parent, string leaf, TarEntry entry, bool chmod)
    {
        Check(FchownAt(parent, leaf, entry.Uid, entry.Gid, AT_SYMLINK_NOFOLLOW), "fchownat", entry.Name);
        if (chmod)
        {
            Check(FchmodAt(parent, leaf, entry.Mode, 0), "fchmodat", entry.Name);
        }
        if (entry.Xattrs.Count > 0)
        {
            var path = $"/proc/self/fd/{parent.DangerousGetHandle()}/{leaf}";
            foreach (var (name, value) in entry.Xattrs)
            {
                if (Allowed(name))
                {
                    IgnoreUnsupported(Lsetxattr(path, name, value, (nuint)value.Length, 0), "lsetxattr " + name, entry.Name);
                }
            }
        }
        Check(UtimensAt(parent, leaf, entry.ModificationTime, AT_SYMLINK_NOFOLLOW), "utimensat", entry.Name);
    }

    /// <summary>
    /// Xattrs a layer may set: none of overlayfs' own, in either namespace it reads them from (trusted.overlay.*,
    /// and user.overlay.* for a "userxattr" mount), so a layer cannot forge redirects, opaque dirs or metacopy.
    /// </summary>
    private static bool Allowed(string xattr) =>
        !xattr.StartsWith("trusted.overlay.", StringComparison.Ordinal) && !xattr.StartsWith("user.overlay.", StringComparison.Ordinal);

    private static void IgnoreUnsupported(int result, string operation, string path)
    {
        if (result != 0 && Marshal.GetLastPInvokeError() != EOPNOTSUPP)
        {
            Check(result, operation, path);
        }
    }
}
