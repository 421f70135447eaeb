namespace CriMesh.Gateway.Containers.Spec;

/// <summary>
/// Facts of the node and the OCI runtime that bound what a spec may ask for. Read once at start
/// (<see cref="HostFacts.Read"/>); tests give fixed values.
/// </summary>
public sealed record RuntimeFacts
{
    /// <summary>Capability names the runtime itself holds (its bounding set): "all" means these.</summary>
    public required IReadOnlySet<string> HeldCapabilities { get; init; }

    /// <summary>The runtime's own oom_score_adj; without CAP_SYS_RESOURCE a container cannot go below it.</summary>
    public int OwnOomScoreAdj { get; init; }

    /// <summary><c>systemd</c> or <c>cgroupfs</c>.</summary>
    public string CgroupDriver { get; init; } = "cgroupfs";

    /// <summary>True on a cgroup v2 (unified) host.</summary>
    public bool CgroupV2 { get; init; }

    /// <summary>True when the memory controller accounts swap (memory.memsw.* on v1, memory.swap.max on v2).</summary>
    public bool SwapAccounting { get; init; }

    /// <summary>True when the runtime handler supports recursive read-only (<c>rro</c>) mounts.</summary>
    public bool RecursiveReadOnlyMounts { get; init; }

    /// <summary>The pids cgroup limit of every container (the gateway's <c>pids_limit</c>); 0: none.</summary>
    public long PidsLimit { get; init; }

    /// <summary>Whether the runtime holds <paramref name="cap"/> (a CAP_* name).</summary>
    public bool Holds(string cap) => HeldCapabilities.Contains(cap);
}
