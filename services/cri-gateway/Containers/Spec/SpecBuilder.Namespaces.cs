using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Containers.Spec;

public sealed partial class SpecBuilder
{
    /// <summary>
    /// A new mount namespace always; net, ipc and uts joined from the pod's pinned files (absent = node's);
    /// pid per NamespaceMode: POD joins the pod's, CONTAINER makes a private one, NODE shares the node's,
    /// TARGET joins another container's.
    /// </summary>
    private void BuildNamespaces()
    {
        var pod = input.Pod;
        var list = spec.Linux.Namespaces;
        list.Add(new OciNamespace { Type = "mount" });
        if (pod.NetNsPath is { } net) list.Add(new OciNamespace { Type = "network", Path = net });
        if (pod.IpcNsPath is { } ipc) list.Add(new OciNamespace { Type = "ipc", Path = ipc });
        if (pod.UtsNsPath is { } uts)
        {
            list.Add(new OciNamespace { Type = "uts", Path = uts });
        }
        else if (pod.NetNsPath is not null)
        {
            // A pod without a pinned UTS namespace but with its own network: the container gets a private
            // one named after the pod (runc can set a hostname only in a new UTS namespace).
            list.Add(new OciNamespace { Type = "uts" });
            spec.Hostname = pod.Hostname.Length > 0 ? pod.Hostname : null;
        }
        if (PidNamespace() is { } pid) list.Add(pid);
        if (facts.CgroupV2) list.Add(new OciNamespace { Type = "cgroup" });
    }

    private OciNamespace? PidNamespace()
    {
        var mode = security.NamespaceOptions?.Pid ?? NamespaceMode.Pod;
        return mode switch
        {
            NamespaceMode.Node => null,
            NamespaceMode.Container => new OciNamespace { Type = "pid" },
            NamespaceMode.Pod => new OciNamespace { Type = "pid", Path = input.Pod.PidNsPath },
            NamespaceMode.Target => new OciNamespace
            {
                Type = "pid",
                Path = input.TargetPidNsPath ?? throw CriMeshException.Invalid(
                    $"pid namespace TARGET names container \"{security.NamespaceOptions!.TargetId}\", which is not running"),
            },
            _ => throw CriMeshException.Invalid($"unknown pid namespace mode {mode}"),
        };
    }
}
