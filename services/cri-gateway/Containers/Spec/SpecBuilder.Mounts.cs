using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Containers.Spec;

public sealed partial class SpecBuilder
{
    /// <summary>The annotation in which kubelet names the termination message path.</summary>
    public const string TerminationMessagePathAnnotation = "io.kubernetes.container.terminationMessagePath";

    /// <summary>Name of the termination message file in the container's state dir.</summary>
    public const string TerminationLogFile = "termination-log";

    /// <summary>
    /// The kernel filesystems every container gets, then the pod's files (/etc/hosts, /etc/resolv.conf,
    /// /etc/hostname, /dev/shm), the termination message file, and kubelet's mounts; a later mount at the
    /// same destination replaces an earlier one, and the result is ordered parents first.
    /// </summary>
    private void BuildMounts()
    {
        var byDestination = new Dictionary<string, OciMount>(StringComparer.Ordinal);
        void Add(OciMount m) => byDestination[m.Destination] = m;
        foreach (var m in DefaultMounts.For(security.Privileged, input.Pod.ShmPath is null)) Add(m);
        var ro = security.ReadonlyRootfs;
        if (input.Pod.ShmPath is { } shm) Add(Bind("/dev/shm", shm, "rprivate", false));
        if (input.Pod.HostsPath is { } hosts) Add(Bind("/etc/hosts", hosts, "rprivate", ro));
        if (input.Pod.ResolvConfPath is { } resolv) Add(Bind("/etc/resolv.conf", resolv, "rprivate", ro));
        if (input.Pod.HostnamePath is { } hostname) Add(Bind("/etc/hostname", hostname, "rprivate", ro));
        var userMounts = config.Mounts.Select(UserMount).ToList();
        if (TerminationMount(userMounts) is { } termination) Add(termination);
        foreach (var m in userMounts) Add(m);
        spec.Mounts = byDestination.Values
            .OrderBy(m => m.Destination.Split('/', StringSplitOptions.RemoveEmptyEntries).Length)
            .ThenBy(m => m.Destination, StringComparer.Ordinal)
            .ToList();
    }

    private OciMount UserMount(Mount m)
    {
        RequireCleanAbsolute(m.ContainerPath, "mount container_path");
        if (m.Image is { Image.Length: > 0 }) throw CriMeshException.Invalid($"mount {m.ContainerPath}: image volumes are not supported");
        if (m.UidMappings.Count > 0 || m.GidMappings.Count > 0)
            throw CriMeshException.Invalid($"mount {m.ContainerPath}: id-mapped mounts are not supported");
        RequireCleanAbsolute(m.HostPath, $"mount {m.ContainerPath}: host_path");
        var propagation = m.Propagation switch
        {
            MountPropagation.PropagationPrivate => "rprivate",
            MountPropagation.PropagationHostToContainer => "rslave",
            MountPropagation.PropagationBidirectional => "rshared",
            _ => throw CriMeshException.Invalid($"mount {m.ContainerPath}: unknown propagation {m.Propagation}"),
        };
        if (m.RecursiveReadOnly) RequireRecursiveReadOnly(m);
        if (propagation != "rprivate" && spec.Linux.RootfsPropagation != "rshared")
            spec.Linux.RootfsPropagation = propagation; // the container's / must propagate for the mount to
        var source = HostSource(m.HostPath, m.ContainerPath);
        var mount = Bind(m.ContainerPath, source, propagation, m.Readonly);
        if (m.RecursiveReadOnly) mount.Options!.Add("rro");
        return mount;
    }

    private void RequireRecursiveReadOnly(Mount m)
    {
        if (!m.Readonly || m.Propagation != MountPropagation.PropagationPrivate)
            throw CriMeshException.Invalid($"mount {m.ContainerPath}: recursive_read_only needs readonly and private propagation");
        if (!facts.RecursiveReadOnlyMounts)
            throw CriMeshException.Invalid($"mount {m.ContainerPath}: runtime handler \"{input.Pod.RuntimeHandler}\" does not support recursive read-only mounts");
    }

    /// <summary>
    /// The host source with symlinks resolved (a link is mounted as its target, so the container sees what
    /// kubelet meant). A missing source is created as a directory, as kubelet expects of a runtime (Docker's
    /// behaviour, kept by containerd and CRI-O); InvalidArgument when it cannot be (a file in the way).
    /// </summary>
    private static string HostSource(string hostPath, string containerPath)
    {
        var source = ScopedPath.Resolve("/", hostPath);
        if (File.Exists(source) || Directory.Exists(source)) return source;
        try
        {
            Directory.CreateDirectory(source);
            return source;
        }
        catch (IOException e)
        {
            throw CriMeshException.Invalid($"mount {containerPath}: source {hostPath} does not exist and cannot be created: {e.Message}");
        }
    }

    /// <summary>
    /// The termination message file: created in the container's state dir (writable by any user, as kubelet
    /// makes it) and bound at the annotated path, unless kubelet mounts that path itself.
    /// </summary>
    private OciMount? TerminationMount(List<OciMount> userMounts)
    {
        if (!config.Annotations.TryGetValue(TerminationMessagePathAnnotation, out var path) || path.Length == 0) return null;
        if (userMounts.Any(m => m.Destination == path)) return null;
        RequireCleanAbsolute(path, "termination message path");
        var file = Path.Combine(input.StateDirectory, TerminationLogFile);
        Directory.CreateDirectory(input.StateDirectory);
        File.WriteAllBytes(file, []);
        File.SetUnixFileMode(file, (UnixFileMode)0x1B6); // 0666
        return Bind(path, file, "rprivate", false);
    }

    private static OciMount Bind(string destination, string source, string propagation, bool readOnly)
    {
        var options = new List<string> { "rbind", propagation };
        if (readOnly) options.Add("ro");
        return new OciMount { Destination = destination, Type = "bind", Source = source, Options = options };
    }

    /// <summary>InvalidArgument for a relative path or one with "." / ".." components (no escaping by name).</summary>
    public static void RequireCleanAbsolute(string path, string what)
    {
        if (!path.StartsWith('/') || path.Contains('\0') || path.Split('/').Any(p => p is "." or ".."))
            throw CriMeshException.Invalid($"{what} \"{path}\" must be an absolute path without . or .. components");
    }
}
