namespace CriMesh.Gateway.Containers.Spec;

public sealed partial class SpecBuilder
{
    /// <summary>Annotations the OCI hooks and tools of other runtimes look for (containerd's CRI keys).</summary>
    public const string ContainerTypeKey = "io.kubernetes.cri.container-type";
    public const string SandboxIdKey = "io.kubernetes.cri.sandbox-id";
    public const string ContainerNameKey = "io.kubernetes.cri.container-name";
    public const string ImageNameKey = "io.kubernetes.cri.image-name";
    public const string SandboxNameKey = "io.kubernetes.cri.sandbox-name";
    public const string SandboxNamespaceKey = "io.kubernetes.cri.sandbox-namespace";
    public const string SandboxUidKey = "io.kubernetes.cri.sandbox-uid";

    /// <summary>The container's annotations from kubelet, then CriMesh's own keys (which win).</summary>
    private void BuildAnnotations()
    {
        var a = new SortedDictionary<string, string>(config.Annotations, StringComparer.Ordinal)
        {
            [ContainerTypeKey] = "container",
            [SandboxIdKey] = input.Pod.SandboxId,
            [ContainerNameKey] = config.Metadata?.Name ?? "",
            [ImageNameKey] = input.ImageName,
            [SandboxNameKey] = input.Pod.Name,
            [SandboxNamespaceKey] = input.Pod.Namespace,
            [SandboxUidKey] = input.Pod.Uid,
        };
        spec.Annotations = a;
    }
}
