using CriMesh.Gateway.Containers.Spec;

namespace CriMesh.Gateway.Pods;

/// <summary>What a container of the pod takes from its record: pinned namespaces, the pod's files, its cgroup.</summary>
public static class PodContextMapper
{
    public static PodContext ToPodContext(PodRecord r) => new()
    {
        SandboxId = r.Id,
        Name = r.Metadata.Name,
        Namespace = r.Metadata.Namespace,
        Uid = r.Metadata.Uid,
        Hostname = PodValidator.EffectiveHostname(r.Config),
        NetNsPath = NullIfEmpty(r.NetnsPath),
        IpcNsPath = NullIfEmpty(r.IpcPath),
        UtsNsPath = NullIfEmpty(r.UtsPath),
        PidNsPath = NullIfEmpty(r.PidPath),
        ResolvConfPath = Path.Combine(r.PodDir, PodFiles.ResolvConf),
        HostsPath = Path.Combine(r.PodDir, PodFiles.Hosts),
        HostnamePath = Path.Combine(r.PodDir, PodFiles.Hostname),
        // The pod's own cgroup (under kubelet's cgroup_parent); containers nest below it.
        CgroupParent = r.CgroupParent,
        LogDirectory = r.Config.LogDirectory,
        RuntimeHandler = r.RuntimeHandler,
    };

    private static string? NullIfEmpty(string path) => path.Length == 0 ? null : path;
}
