using CriMesh.Common.Config;
using CriMesh.Linux.Interop;
using CriMesh.Linux.ProcFs;
using CriMesh.Linux.Threading;

namespace CriMesh.Netd.Netns;

/// <summary>
/// Pod network namespaces pinned by bind mounts, one file per pod:
/// <code>
/// RUN_DIR/netns/              a shared bind mount of itself, so an unpin reaches every mount
///                             namespace copied from this one (containers' included), as iproute2 does
///   &lt;sandbox_id&gt;            bind mount of a namespace made by unshare(CLONE_NEWNET)
/// </code>
/// The namespace is created on a dedicated OS thread that ends right after pinning it and bringing its
/// loopback up, so no thread of the pool ever runs in a pod's namespace.
/// </summary>
public sealed class NetnsPins
{
    private const ulong MS_SHARED = 1UL << 20;

    public NetnsPins(NodeOptions node)
    {
        Dir = Path.Combine(node.RunDir, "netns");
    }

    public string Dir { get; }

    public string PathOf(string sandboxId) => Path.Combine(Dir, sandboxId);

    /// <summary>Makes <see cref="Dir"/> and turns it into a shared mount point (once; idempotent).</summary>
    public void Prepare()
    {
        Directory.CreateDirectory(Dir);
        if (!MountInfo.MountPoints().Contains(Dir))
        {
            Libc.Check(Libc.Mount(Dir, Dir, null, Libc.MS_BIND, null), "mount(MS_BIND)", Dir);
        }
        Libc.Check(Libc.Mount("none", Dir, null, MS_SHARED, null), "mount(MS_SHARED)", Dir);
    }

    /// <summary>Creates a new network namespace with loopback up and pins it at <see cref="PathOf"/>.</summary>
    public async Task<string> CreateAsync(string sandboxId)
    {
        var path = PathOf(sandboxId);
        using (File.Create(path))
        {
        }
        try
        {
            await DedicatedThread.RunAsync(() => PinNewNamespace(path)).ConfigureAwait(false);
            return path;
        }
        catch
        {
            Remove(sandboxId);
            throw;
        }
    }

    /// <summary>Unpins (lazily, so a process still inside keeps it alive) and removes the pin file. Idempotent.</summary>
    public void Remove(string sandboxId)
    {
        var path = PathOf(sandboxId);
        if (Libc.Umount2(path, Libc.MNT_DETACH | Libc.UMOUNT_NOFOLLOW) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno is not (Libc.EINVAL or Libc.ENOENT))
            {
                throw new SyscallException("umount2", path, errno);
            }
        }
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The sandbox IDs that have a pin file, and which of them are mounted.</summary>
    public IReadOnlyList<(string SandboxId, bool Mounted)> List()
    {
        if (!Directory.Exists(Dir))
        {
            return [];
        }
        var mounts = MountInfo.MountPoints().ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFileSystemEntries(Dir)
            .Select(p => (Path.GetFileName(p), mounts.Contains(p)))
            .ToList();
    }

    public static bool IsPinned(string path) => MountInfo.MountPoints().Contains(path);

    private static bool PinNewNamespace(string path)
    {
        Libc.Check(Libc.Unshare(Libc.CLONE_NEWNET), "unshare(CLONE_NEWNET)");
        Libc.Check(Libc.Mount("/proc/thread-self/ns/net", path, null, Libc.MS_BIND, null), "mount(MS_BIND)", path);
        using var socket = Libc.InetControlSocket();
        Libc.InterfaceUp(socket, "lo");
        return true;
    }
}
