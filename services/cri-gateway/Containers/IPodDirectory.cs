using CriMesh.Gateway.Containers.Spec;

namespace CriMesh.Gateway.Containers;

/// <summary>What the containers side reads of a pod: its spec context and whether it can take containers.</summary>
public interface IPodDirectory
{
    /// <summary>The pod with this exact ID, or null.</summary>
    PodView? Find(string sandboxId);

    /// <summary>The CRI status of the pod (for container events), or null when it is gone.</summary>
    Protos.Runtime.V1.PodSandboxStatus? StatusOf(string sandboxId);

    /// <summary>The IDs of every pod.</summary>
    IEnumerable<string> AllIds();
}

/// <summary>A pod as containers see it.</summary>
/// <param name="Context">Namespaces, files, cgroup parent and log directory for the spec.</param>
/// <param name="Ready">False once the pod is stopped (no new containers then).</param>
/// <param name="Labels">The pod's labels and annotations, for stats attributes.</param>
public sealed record PodView(PodContext Context, bool Ready, IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations, Protos.Runtime.V1.PodSandboxMetadata Metadata);
