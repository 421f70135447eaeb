using System.Runtime.InteropServices;
using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;
using Microsoft.Win32.SafeHandles;
using static CriMesh.Linux.Interop.Libc;

namespace CriMesh.Storaged.Unpack;

/// <summary>
/// Writes tar entries below one layer root so that nothing lands outside it. Every parent directory is
/// opened with openat2(RESOLVE_IN_ROOT), so "..", absolute symlinks and symlinks that climb out — planted
/// by this layer or any other — resolve inside the root; every leaf is created relative to its parent fd
/// with O_EXCL / O_NOFOLLOW / *at calls that never follow a final symlink. OCI whiteouts become overlayfs
/// ones: ".wh.NAME" a 0/0 character device, ".wh..wh..opq" the trusted.overlay.opaque xattr.
/// </summary>
internal sealed partial class LayerWriter : IDisposable
{
    private const ulong InRoot = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
    private const int MaxCachedDirs = 256;
    private const string Whiteout = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    private readonly SafeFileHandle root;
    private readonly Dictionary<string, SafeFileHandle> dirs = new(StringComparer.Ordinal);
    private readonly List<SafeFileHandle> retired = [];
    private readonly List<(string Path, Timespec Time)> dirTimes = [];

    public LayerWriter(string rootPath)
    {
        root = OpenHandle(rootPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    }

    /// <summary>Bytes of regular file data written (hard links counted once).</summary>
    public long Bytes { get; private set; }

    /// <summary>Inodes created, the root included.</summary>
    public long Inodes { get; private set; } = 1;

    /// <summary>Writes one entry, consuming its data from <paramref name="reader"/>.</summary>
    public void Write(TarEntry entry, TarStreamReader reader)
    {
        var parts = EntryPath.Clean(entry.Name)
            ?? throw CriMeshException.Invalid($"layer entry \"{entry.Name}\" climbs out of the layer root");
        EntryLimits.Check(entry, parts);
        if (parts.Count == 0)
        {
            if (entry.Type == (byte)'5')
            {
                SetDirectoryAttributes(root, entry, "");
            }
            return;
        }
        var leaf = parts[^1];
        var parentPath = string.Join('/', parts.GetRange(0, parts.Count - 1));
        var relPath = parentPath.Length == 0 ? leaf : parentPath + "/" + leaf;
        var parent = OpenDirectory(parentPath, create: true, entry.Name);
        if (leaf.StartsWith(Whiteout, StringComparison.Ordinal))
        {
            WriteWhiteout(parent, leaf, entry.Name);
            return;
        }
        switch (entry.Type)
        {
            case (byte)'0': WriteFile(parent, leaf, entry, reader); break;
            case (byte)'5': WriteDirectory(parent, leaf, relPath, entry); break;
            case (byte)'2': WriteSymlink(parent, leaf, entry); break;
            case (byte)'1': WriteHardLink(parent, leaf, entry); break;
            case (byte)'3': WriteNode(parent, leaf, entry, S_IFCHR); break;
            case (byte)'4': WriteNode(parent, leaf, entry, S_IFBLK); break;
            case (byte)'6': WriteNode(parent, leaf, entry, S_IFIFO); break;
            default: throw CriMeshException.Invalid($"layer entry \"{entry.Name}\" has unsupported type '{(char)entry.Type}'");
        }
    }

    /// <summary>Sets directory mtimes last, since creating entries inside a directory changes its mtime.</summary>
    public void Finish()
    {
        foreach (var (path, time) in dirTimes)
        {
            if (path.Length == 0)
            {
                Check(Futimens(root, time), "futimens", "/");
                continue;
            }
            var fd = Openat2(root, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0, InRoot);
            if (fd >= 0)
            {
                using var handle = new SafeFileHandle(fd, ownsHandle: true);
                Check(Futimens(handle, time), "futimens", path);
            }
        }
    }

    public void Dispose()
    {
        foreach (var fd in dirs.Values)
        {
            fd.Dispose();
        }
        foreach (var fd in retired)
        {
            fd.Dispose();
        }
        dirs.Clear();
        retired.Clear();
        root.Dispose();
    }

    private void WriteFile(SafeFileHandle parent, string leaf, TarEntry entry, TarStreamReader reader)
    {
        var fd = OpenAt(parent, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0x180 /* 0600 */);
        if (fd < 0 && Marshal.GetLastPInvokeError() == EEXIST)
        {
            RemoveExisting(parent, leaf);
            fd = OpenAt(parent, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0x180 /* 0600 */);
        }
        using var file = new SafeFileHandle(Check(fd, "openat", entry.Name), ownsHandle: true);
        long offset = 0;
        for (var chunk = reader.NextDataChunk(); !chunk.IsEmpty; chunk = reader.NextDataChunk())
        {
            RandomAccess.Write(file, chunk, offset);
            offset += chunk.Length;
        }
        Check(Fchown(file, entry.Uid, entry.Gid), "fchown", entry.Name);
        Check(Fchmod(file, entry.Mode), "fchmod", entry.Name);
        foreach (var (name, value) in entry.Xattrs)
        {
            if (Allowed(name))
            {
                IgnoreUnsupported(Fsetxattr(file, name, value, (nuint)value.Length, 0), "fsetxattr " + name, entry.Name);
            }
        }
        Check(Futimens(file, entry.ModificationTime), "futimens", entry.Name);
        Bytes += offset;
        Inodes++;
    }

    private void WriteDirectory(SafeFileHandle parent, string leaf, string relPath, TarEntry entry)
    {
        if (MkdirAt(parent, leaf, 0x1C0 /* 0700 */) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EEXIST)
            {
                throw new SyscallException("mkdirat", entry.Name, errno);
            }
            if (Statx(parent, leaf, AT_SYMLINK_NOFOLLOW, out var st) != 0 || st.FileType != S_IFDIR)
            {
                RemoveExisting(parent, leaf);
                Check(MkdirAt(parent, leaf, 0x1C0 /* 0700 */), "mkdirat", entry.Name);
                Inodes++;
            }
        }
        else
        {
            Inodes++;
        }
        var dir = new SafeFileHandle(Check(OpenAt(parent, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0), "openat", entry.Name), ownsHandle: true);
        Cache(relPath, dir);
        SetDirectoryAttributes(dir, entry, relPath);
    }

    private void SetDirectoryAttributes(SafeFileHandle dir, TarEntry entry, string relPath)
    {
        Check(Fchown(dir, entry.Uid, entry.Gid), "fchown", entry.Name);
        Check(Fchmod(dir, entry.Mode), "fchmod", entry.Name);
        foreach (var (name, value) in entry.Xattrs)
        {
            if (Allowed(name))
            {
                IgnoreUnsupported(Fsetxattr(dir, name, value, (nuint)value.Length, 0), "fsetxattr " + name, entry.Name);
            }
        }
        dirTimes.Add((relPath, entry.ModificationTime));
    }

    private void WriteSymlink(SafeFileHandle parent, string leaf, TarEntry entry)
    {
        if (entry.LinkName.Length == 0)
        {
            throw CriMeshException.Invalid($"symlink \"{entry.Name}\" in layer has an empty target");
        }
        if (SymlinkAt(entry.LinkName, parent, leaf) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EEXIST)
            {
                throw new SyscallException("symlinkat", entry.Name, errno);
            }
            RemoveExisting(parent, leaf);
            Check(SymlinkAt(entry.LinkName, parent, leaf), "symlinkat", entry.Name);
        }
        SetLeafAttributes(parent, leaf, entry, chmod: false);
        Inodes++;
    }

    private void WriteNode(SafeFileHandle parent, string leaf, TarEntry entry, uint type)
    {
        var dev = type == S_IFIFO ? 0 : MakeDev(entry.DevMajor, entry.DevMinor);
        if (MknodAt(parent, leaf, type | entry.Mode, dev) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EEXIST)
            {
                throw new SyscallException("mknodat", entry.Name, errno);
            }
            RemoveExisting(parent, leaf);
            Check(MknodAt(parent, leaf, type | entry.Mode, dev), "mknodat", entry.Name);
        }
        SetLeafAttributes(parent, leaf, entry, chmod: true);
        Inodes++;
    }

    private void WriteHardLink(SafeFileHandle parent, string leaf, TarEntry entry)
    {
        var target = EntryPath.Clean(entry.LinkName);
        if (target is null || target.Count == 0)
        {
            throw CriMeshException.Invalid($"hard link \"{entry.Name}\" points outside the layer (\"{entry.LinkName}\")");
        }
        var targetParent = OpenDirectory(string.Join('/', target.GetRange(0, target.Count - 1)), create: false, entry.Name);
        if (LinkAt(targetParent, target[^1], parent, leaf, 0) == 0)
        {
            return;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST)
        {
            RemoveExisting(parent, leaf);
            targetParent = OpenDirectory(string.Join('/', target.GetRange(0, target.Count - 1)), create: false, entry.Name);
            if (LinkAt(targetParent, target[^1], parent, leaf, 0) == 0)
            {
                return;
            }
            errno = Marshal.GetLastPInvokeError();
        }
        if (errno is ENOENT or EPERM or ENOTDIR)
        {
            throw CriMeshException.Invalid($"hard link \"{entry.Name}\" target \"{entry.LinkName}\" is not a file earlier in the layer ({ErrnoName(errno)})");
        }
        throw new SyscallException("linkat", entry.Name, errno);
    }

    private void WriteWhiteout(SafeFileHandle parent, string leaf, string entryName)
    {
        if (leaf == OpaqueWhiteout)
        {
            Check(Fsetxattr(parent, "trusted.overlay.opaque", "y"u8, 1, 0), "fsetxattr trusted.overlay.opaque", entryName);
            return;
        }
        var hidden = leaf[Whiteout.Length..];
        if (hidden.Length == 0 || hidden is "." or "..")
        {
            throw CriMeshException.Invalid($"whiteout \"{entryName}\" names no file");
        }
        RemoveExisting(parent, hidden);
        Check(MknodAt(parent, hidden, S_IFCHR, 0), "mknodat", entryName);
        Inodes++;
    }
}
