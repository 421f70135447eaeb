using CriMesh.Common.Config;

namespace CriMesh.Gateway.Options;

/// <summary>The <c>[gateway]</c> table of crimesh.toml.</summary>
public sealed record GatewayOptions : IValidatedOptions
{
    /// <summary>
    /// The cgroup driver reported to kubelet (RuntimeConfig): <c>systemd</c>, <c>cgroupfs</c>, or <c>auto</c>
    /// (systemd when systemd is PID 1, else cgroupfs). Default: <c>auto</c>.
    /// </summary>
    public string CgroupDriver { get; init; } = "auto";

    /// <summary>How long Status waits for each peer's health answer. Default: <c>2s</c>.</summary>
    public TimeSpan PeerHealthTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The pids cgroup limit of every container; 0 means none. Default: <c>0</c>.</summary>
    public long PidsLimit { get; init; }

    /// <summary>How long a container created after kubelet's deadline waits for the retry to claim it. Default: <c>5m</c>.</summary>
    public TimeSpan ParkedContainerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public IEnumerable<string> Validate()
    {
        if (PidsLimit < 0)
        {
            yield return "pids_limit must not be negative";
        }
        if (ParkedContainerTimeout <= TimeSpan.Zero)
        {
            yield return "parked_container_timeout must be positive";
        }
        if (CgroupDriver is not ("auto" or "systemd" or "cgroupfs"))
        {
            yield return $"cgroup_driver must be auto, systemd or cgroupfs, got \"{CgroupDriver}\"";
        }
        if (PeerHealthTimeout <= TimeSpan.Zero)
        {
            yield return "peer_health_timeout must be positive";
        }
    }

    /// <summary>The driver in effect: <see cref="CgroupDriver"/> with <c>auto</c> resolved.</summary>
    public string EffectiveCgroupDriver(bool systemdIsInit) =>
        CgroupDriver == "auto" ? (systemdIsInit ? "systemd" : "cgroupfs") : CgroupDriver;
}
