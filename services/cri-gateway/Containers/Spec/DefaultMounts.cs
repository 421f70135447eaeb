using CriMesh.Gateway.Containers.Spec.Oci;

namespace CriMesh.Gateway.Containers.Spec;

/// <summary>The kernel filesystems mounted in every container (the set runc's own example spec uses).</summary>
public static class DefaultMounts
{
    /// <summary>/proc, /dev, /dev/pts, /dev/mqueue, /sys, the cgroup tree and, without a pod one, a private /dev/shm.</summary>
    public static IEnumerable<OciMount> For(bool privileged, bool privateShm)
    {
        var ro = privileged ? "rw" : "ro";
        yield return new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] };
        yield return new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] };
        yield return new()
        {
            Destination = "/dev/pts", Type = "devpts", Source = "devpts",
            Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"],
        };
        yield return new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] };
        yield return new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", ro] };
        yield return new()
        {
            Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup",
            Options = ["nosuid", "noexec", "nodev", "relatime", ro],
        };
        if (privateShm)
        {
            yield return new()
            {
                Destination = "/dev/shm", Type = "tmpfs", Source = "shm",
                Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"],
            };
        }
    }
}
