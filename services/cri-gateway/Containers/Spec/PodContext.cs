namespace CriMesh.Gateway.Containers.Spec;

/// <summary>
/// What a container takes from its pod: the pinned namespaces it joins, the files the pod shares, and where
/// its cgroup goes. A null path means "not pinned": the container then gets the node's namespace (host
/// network / IPC / PID) or, for UTS and PID in CONTAINER mode, a private one.
/// </summary>
public sealed record PodContext
{
    public required string SandboxId { get; init; }
    public string Name { get; init; } = "";
    public string Namespace { get; init; } = "";
    public string Uid { get; init; } = "";

    /// <summary>Hostname of the pod (set only when the container has a private UTS namespace).</summary>
    public string Hostname { get; init; } = "";

    /// <summary>Bind-mounted namespace files of the pod.</summary>
    public string? NetNsPath { get; init; }
    public string? IpcNsPath { get; init; }
    public string? UtsNsPath { get; init; }
    /// <summary>The pod's shared PID namespace (NamespaceMode POD), when the pod has one.</summary>
    public string? PidNsPath { get; init; }

    /// <summary>The pod's /etc/resolv.conf, /etc/hosts, /etc/hostname and /dev/shm on the host, when it made them.</summary>
    public string? ResolvConfPath { get; init; }
    public string? HostsPath { get; init; }
    public string? HostnamePath { get; init; }
    public string? ShmPath { get; init; }

    /// <summary>The pod's cgroup parent as kubelet gave it (cgroupfs path or systemd slice); empty: none.</summary>
    public string CgroupParent { get; init; } = "";

    /// <summary>The pod's log_directory (absolute); container log paths are relative to it.</summary>
    public string LogDirectory { get; init; } = "";

    /// <summary>The runtime handler of the pod ("" is the default).</summary>
    public string RuntimeHandler { get; init; } = "";
}
