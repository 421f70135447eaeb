namespace CriMesh.Netd.Cni;

/// <summary>The per-pod part of a CNI invocation: CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME and CNI_ARGS.</summary>
public sealed record PluginCall(string ContainerId, string NetnsPath, string IfName, string CniArgs)
{
    /// <summary>CNI_ARGS as kubelet-facing runtimes send it.</summary>
    public static string KubernetesArgs(string podNamespace, string podName, string infraContainerId, string podUid) =>
        $"IgnoreUnknown=1;K8S_POD_NAMESPACE={podNamespace};K8S_POD_NAME={podName};K8S_POD_INFRA_CONTAINER_ID={infraContainerId};K8S_POD_UID={podUid}";
}
