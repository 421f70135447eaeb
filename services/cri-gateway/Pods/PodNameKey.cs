using System.Globalization;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Pods;

/// <summary>The reserved name of a pod, as CRI-O and containerd build it: k8s_NAME_NAMESPACE_UID_ATTEMPT.</summary>
public static class PodNameKey
{
    public static string Of(PodSandboxMetadata m) =>
        string.Create(CultureInfo.InvariantCulture, $"k8s_{m.Name}_{m.Namespace}_{m.Uid}_{m.Attempt}");
}
