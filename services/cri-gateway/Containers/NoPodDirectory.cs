namespace CriMesh.Gateway.Containers;

/// <summary>
/// The gateway before pod sandboxes land on main: there are no pods, so every container RPC that names
/// one answers NotFound. Replaced by the pod records' directory (PodRecordDirectory) when the pods work is
/// merged; it exists so the container RPCs can be served and tested for their pod-independent paths.
/// </summary>
public sealed class NoPodDirectory : IPodDirectory
{
    public PodView? Find(string sandboxId) => null;

    public Protos.Runtime.V1.PodSandboxStatus? StatusOf(string sandboxId) => null;

    public IEnumerable<string> AllIds() => [];
}
