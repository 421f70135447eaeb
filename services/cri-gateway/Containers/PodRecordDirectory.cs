using CriMesh.Gateway.Containers.Spec;
using CriMesh.Gateway.Pods;
using Microsoft.Extensions.DependencyInjection;

namespace CriMesh.Gateway.Containers;

/// <summary>The pod records, as the container side reads them. Parked pods are invisible: kubelet has not been told of them.</summary>
public sealed class PodRecordDirectory(IServiceProvider services) : IPodDirectory
{
    // Looked up on first use: the pod manager takes IPodContainers, which takes the container manager,
    // which takes this directory; resolving eagerly would be a constructor cycle.
    private PodSandboxManager Pods => services.GetRequiredService<PodSandboxManager>();

    public PodView? Find(string sandboxId)
    {
        if (sandboxId.Length == 0 || Pods.Store.Get(sandboxId) is not { Parked: false } r) return null;
        var context = PodContextMapper.ToPodContext(r) with
        {
            // A host-network pod has no files of its own for some of these; the spec then uses the host's.
            ResolvConfPath = Existing(r, PodFiles.ResolvConf),
            HostsPath = Existing(r, PodFiles.Hosts),
            HostnamePath = Existing(r, PodFiles.Hostname),
        };
        return new PodView(context, r.State == PodState.Ready, r.Config.Labels, r.Config.Annotations, r.Metadata);
    }

    public Protos.Runtime.V1.PodSandboxStatus? StatusOf(string sandboxId) =>
        Pods.Store.Get(sandboxId) is { Parked: false } r ? PodStatusMapper.ToStatus(r) : null;

    public IEnumerable<string> AllIds() => Pods.Store.All.Where(r => !r.Parked).Select(r => r.Id).ToList();

    private static string? Existing(PodRecord r, string name) =>
        r.PodDir.Length > 0 && Path.Combine(r.PodDir, name) is var path && File.Exists(path) ? path : null;
}
