namespace CriMesh.Conmon.Stats;

/// <summary>One reading of a container's cgroup.</summary>
public sealed record CgroupSample
{
    public ulong CpuUsageNano { get; init; }

    public ulong MemoryUsageBytes { get; init; }

    /// <summary>Usage minus inactive file pages (what kubelet evicts on), never below zero.</summary>
    public ulong MemoryWorkingSetBytes { get; init; }

    public ulong MemoryRssBytes { get; init; }

    public ulong PageFaults { get; init; }

    public ulong MajorPageFaults { get; init; }

    public ulong Pids { get; init; }

    public ulong OomKills { get; init; }
}
