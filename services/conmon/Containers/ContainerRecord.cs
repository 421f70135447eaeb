namespace CriMesh.Conmon.Containers;

/// <summary>Lifecycle phase of a container as this daemon records it.</summary>
public enum ContainerPhase
{
    Created = 1,
    Running = 2,
    Exited = 3,
}

/// <summary>
/// Everything needed to answer for a container and to reconcile it after a restart (with the runtime's
/// state and the monitor's exit and oom files). Immutable; a change is a new record written before it
/// is published.
/// </summary>
public sealed record ContainerRecord
{
    public required string Id { get; init; }

    public string SandboxId { get; init; } = "";

    /// <summary>Runtime handler name (never "": the resolved name).</summary>
    public required string Handler { get; init; }

    public required string BundlePath { get; init; }

    public string LogPath { get; init; } = "";

    /// <summary>The cgroup path as the caller wrote it into the spec.</summary>
    public string CgroupPath { get; init; } = "";

    /// <summary>The container's memory cgroup (v1) or unified cgroup (v2) relative to its hierarchy root, read from /proc at create.</summary>
    public string ResolvedCgroup { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public bool Tty { get; init; }

    public bool Stdin { get; init; }

    public bool StdinOnce { get; init; }

    public ContainerPhase Phase { get; init; } = ContainerPhase.Created;

    /// <summary>Host PID of the container's init process (kept after exit for diagnostics; reported 0 then).</summary>
    public int Pid { get; init; }

    public int MonitorPid { get; init; }

    public long CreatedUnixNano { get; init; }

    public long StartedUnixNano { get; init; }

    public long FinishedUnixNano { get; init; }

    public int ExitCode { get; init; }

    public bool OomKilled { get; init; }

    public string Message { get; init; } = "";
}
