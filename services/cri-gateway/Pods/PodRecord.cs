using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Pods;

/// <summary>Where a pod is in its life. Creating records are finished or undone when the gateway starts.</summary>
public enum PodState
{
    Creating = 0,
    Ready = 1,
    NotReady = 2,
}

/// <summary>
/// One pod sandbox as the gateway keeps it (STATE_DIR/gateway/pods/ID.rec, one RecordStore file per pod).
/// Immutable: a change is a new record written before it is published. Paths name only what this pod
/// created, so removal undoes exactly that.
/// </summary>
public sealed record PodRecord
{
    public required string Id { get; init; }

    /// <summary>The creating config, exactly as kubelet sent it.</summary>
    public required PodSandboxConfig Config { get; init; }

    public string RuntimeHandler { get; init; } = "";

    public PodState State { get; init; }

    public long CreatedAtNs { get; init; }

    /// <summary>Pod IPs from netd, IPv4 first; empty for host-network pods and once stopped.</summary>
    public IReadOnlyList<string> Ips { get; init; } = [];

    /// <summary>The pinned network namespace netd made; empty for host-network pods.</summary>
    public string NetnsPath { get; init; } = "";

    /// <summary>RUN_DIR/pods/ID: pins, hostname, resolv.conf, hosts.</summary>
    public string PodDir { get; init; } = "";

    /// <summary>Pinned IPC / UTS / PID namespaces (bind mounts in <see cref="PodDir"/>); empty when the node's is used.</summary>
    public string IpcPath { get; init; } = "";

    public string UtsPath { get; init; } = "";

    public string PidPath { get; init; } = "";

    /// <summary>The pod cgroup in the driver's syntax (cgroupfs path or systemd slice); empty without cgroup_parent.</summary>
    public string CgroupParent { get; init; } = "";

    /// <summary>The cgroup directories this pod created, deepest last; removed in reverse.</summary>
    public IReadOnlyList<string> CgroupDirs { get; init; } = [];

    /// <summary>The infra process (PID mode POD only): its PID and start time (clock ticks), or 0.</summary>
    public int InfraPid { get; init; }

    public ulong InfraStartTicks { get; init; }

    /// <summary>Finished after kubelet's deadline and not yet claimed by its retry; hidden from List.</summary>
    public bool Parked { get; init; }

    public long ParkedAtNs { get; init; }

    public PodSandboxMetadata Metadata => Config.Metadata;

    /// <summary>The name kubelet reserves: namespace, name, uid and attempt.</summary>
    public string NameKey => PodNameKey.Of(Config.Metadata);

    public NamespaceOption NamespaceOptions =>
        Config.Linux?.SecurityContext?.NamespaceOptions ?? new NamespaceOption();

    public bool HostNetwork => NamespaceOptions.Network == NamespaceMode.Node;
}
