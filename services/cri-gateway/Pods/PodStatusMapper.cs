using System.Text.Json;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Pods;

/// <summary>Pod records as CRI messages: PodSandboxStatus, the listed PodSandbox, the verbose info.</summary>
public static class PodStatusMapper
{
    public static PodSandboxState State(PodRecord r) =>
        r.State == PodState.Ready ? PodSandboxState.SandboxReady : PodSandboxState.SandboxNotready;

    public static PodSandboxStatus ToStatus(PodRecord r)
    {
        var status = new PodSandboxStatus
        {
            Id = r.Id,
            Metadata = r.Metadata,
            State = State(r),
            CreatedAt = r.CreatedAtNs,
            Linux = new LinuxPodSandboxStatus { Namespaces = new Namespace { Options = r.NamespaceOptions } },
            RuntimeHandler = r.RuntimeHandler,
        };
        status.Labels.Add(r.Config.Labels);
        status.Annotations.Add(r.Config.Annotations);
        if (r.Ips.Count > 0)
        {
            status.Network = new PodSandboxNetworkStatus { Ip = r.Ips[0] };
            status.Network.AdditionalIps.Add(r.Ips.Skip(1).Select(ip => new PodIP { Ip = ip }));
        }
        else
        {
            status.Network = new PodSandboxNetworkStatus();
        }
        return status;
    }

    public static PodSandbox ToListItem(PodRecord r)
    {
        var item = new PodSandbox
        {
            Id = r.Id,
            Metadata = r.Metadata,
            State = State(r),
            CreatedAt = r.CreatedAtNs,
            RuntimeHandler = r.RuntimeHandler,
        };
        item.Labels.Add(r.Config.Labels);
        item.Annotations.Add(r.Config.Annotations);
        return item;
    }

    /// <summary>The verbose "info" entry: where the pod's pieces live, as JSON (source-generated).</summary>
    public static string VerboseInfo(PodRecord r, string cgroupDriver) => JsonSerializer.Serialize(new PodVerboseInfo
    {
        PodDir = r.PodDir,
        NetnsPath = r.NetnsPath,
        IpcPath = r.IpcPath,
        UtsPath = r.UtsPath,
        PidPath = r.PidPath,
        InfraPid = r.InfraPid,
        CgroupDriver = cgroupDriver,
        CgroupParent = r.CgroupParent,
        HostnamePath = Path.Combine(r.PodDir, PodFiles.Hostname),
        ResolvConfPath = Path.Combine(r.PodDir, PodFiles.ResolvConf),
        HostsPath = Path.Combine(r.PodDir, PodFiles.Hosts),
        RuntimeHandler = r.RuntimeHandler,
        Ips = [.. r.Ips],
    }, GatewayJson.Default.PodVerboseInfo);

    /// <summary>ListPodSandbox's filter: ID (full or prefix), state, every label of the selector.</summary>
    public static bool Matches(PodRecord r, PodSandboxFilter? filter)
    {
        if (filter is null)
        {
            return true;
        }
        if (filter.Id.Length > 0 && !r.Id.StartsWith(filter.Id, StringComparison.Ordinal))
        {
            return false;
        }
        if (filter.State is not null && filter.State.State != State(r))
        {
            return false;
        }
        return filter.LabelSelector.All(kv => r.Config.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
