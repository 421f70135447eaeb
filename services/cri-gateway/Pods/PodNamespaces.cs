using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Linux;
using CriMesh.Linux.Interop;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// The pod's shared IPC and UTS namespaces, pinned like the network one: a fresh OS thread unshares them,
/// sets the hostname and the namespaced sysctls inside, and bind-mounts its /proc/thread-self/ns/* onto
/// files in the pod dir; the thread then ends, and the mounts keep the namespaces alive with no process.
/// </summary>
public static class PodNamespaces
{
    public sealed record Pins(string IpcPath, string UtsPath);

    /// <summary>Pins the namespaces asked for; on failure nothing stays mounted.</summary>
    public static Task<Pins> PinAsync(string podDir, bool ipc, bool uts, string hostname, IReadOnlyList<(string Name, string Value)> sysctls) =>
        DedicatedThread.RunAsync(() =>
        {
            var flags = (ipc ? Libc.CLONE_NEWIPC : 0) | (uts ? Libc.CLONE_NEWUTS : 0);
            if (flags == 0)
            {
                return new Pins("", "");
            }
            Libc.Check(Libc.Unshare(flags), "unshare", podDir);
            if (uts)
            {
                var name = Encoding.ASCII.GetBytes(hostname);
                Libc.Check(Libc.Sethostname(name, (nuint)name.Length), "sethostname", hostname);
            }
            foreach (var (name, value) in sysctls)
            {
                WriteSysctl(name, value);
            }
            var ipcPath = ipc ? Path.Combine(podDir, "ipc") : "";
            var utsPath = uts ? Path.Combine(podDir, "uts") : "";
            try
            {
                if (ipc)
                {
                    BindNamespace("/proc/thread-self/ns/ipc", ipcPath);
                }
                if (uts)
                {
                    BindNamespace("/proc/thread-self/ns/uts", utsPath);
                }
            }
            catch
            {
                Unpin(ipcPath);
                throw;
            }
            return new Pins(ipcPath, utsPath);
        });

    /// <summary>Writes net.* sysctls inside the pod's network namespace (entered on a fresh thread).</summary>
    public static Task<bool> SetNetSysctlsAsync(string netnsPath, IReadOnlyList<(string Name, string Value)> sysctls) =>
        sysctls.Count == 0 ? Task.FromResult(true) : DedicatedThread.RunAsync(() =>
        {
            using (var ns = File.OpenHandle(netnsPath))
            {
                Libc.Check(Libc.Setns(ns, 0), "setns", netnsPath);
            }
            foreach (var (name, value) in sysctls)
            {
                WriteSysctl(name, value);
            }
            return true;
        });

    /// <summary>Bind-mounts a namespace file onto <paramref name="target"/> (an empty file made first).</summary>
    public static void BindNamespace(string source, string target)
    {
        using (File.Create(target))
        {
        }
        try
        {
            Libc.Check(Libc.Mount(source, target, null, Libc.MS_BIND, null), "mount", target);
        }
        catch
        {
            File.Delete(target);
            throw;
        }
    }

    /// <summary>Unmounts and deletes a pin; a missing or already unmounted one is fine.</summary>
    public static void Unpin(string path)
    {
        if (path.Length == 0 || !File.Exists(path))
        {
            return;
        }
        if (Libc.Umount2(path, Libc.MNT_DETACH | Libc.UMOUNT_NOFOLLOW) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != Libc.EINVAL && errno != Libc.ENOENT)
            {
                throw new SyscallException("umount2", path, errno);
            }
        }
        File.Delete(path);
    }

    private static void WriteSysctl(string name, string value)
    {
        var path = Sysctls.ProcPath(Sysctls.Normalize(name));
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CriMeshException.Invalid($"cannot set sysctl {name}={value}: {e.Message}");
        }
    }
}
