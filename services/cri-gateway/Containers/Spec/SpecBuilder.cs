using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Containers.Spec;

/// <summary>
/// Turns a CRI ContainerConfig, the image's run config and the pod into the OCI runtime spec runc runs.
/// Aspects live in partial files (<c>SpecBuilder.Process.cs</c>, <c>.Mounts.cs</c>, ...). Reads the host and
/// the rootfs (symlinks, devices, /etc/passwd) and creates only what kubelet expects the runtime to create:
/// a missing bind-mount source directory and the termination message file. Bad input throws
/// CriMeshException(InvalidArgument) before anything is created.
/// </summary>
public sealed partial class SpecBuilder(SpecInput input, RuntimeFacts facts)
{
    private readonly ContainerConfig config = input.Config;
    private readonly LinuxContainerSecurityContext security =
        input.Config.Linux?.SecurityContext ?? new LinuxContainerSecurityContext();
    private readonly OciSpec spec = new();

    /// <summary>Builds the spec; see the class summary for what it touches.</summary>
    public static OciSpec Build(SpecInput input, RuntimeFacts facts) => new SpecBuilder(input, facts).Build();

    private OciSpec Build()
    {
        spec.Root = new OciRoot { Path = input.RootfsPath, Readonly = security.ReadonlyRootfs ? true : null };
        BuildProcess();
        BuildNamespaces();
        BuildResources();
        BuildSecurity();
        BuildDevices();
        BuildMounts();
        BuildAnnotations();
        return spec;
    }

    /// <summary>The cgroup path of a container under its pod's parent, in the driver's syntax.</summary>
    public static string CgroupPath(string driver, string parent, string containerId) => driver == "systemd"
        ? $"{(parent.Length == 0 ? "system.slice" : parent)}:crimesh:{containerId}"
        : $"{(parent.Length == 0 ? "/crimesh" : parent.TrimEnd('/'))}/crimesh-{containerId}";
}
