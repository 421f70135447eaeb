using CriMesh.Common.Config;

namespace CriMesh.Gateway.Options;

/// <summary>The <c>[gateway]</c> table of crimesh.toml.</summary>
public sealed partial record GatewayOptions : IValidatedOptions, IBindableOptions<GatewayOptions>
{
    /// <summary>
    /// The cgroup driver reported to kubelet (RuntimeConfig): <c>systemd</c>, <c>cgroupfs</c>, or <c>auto</c>
    /// (systemd when systemd is PID 1, else cgroupfs). Default: <c>auto</c>.
    /// </summary>
    public string CgroupDriver { get; init; } = "auto";

    /// <summary>How long Status waits for each peer's health answer. Default: <c>2s</c>.</summary>
    public TimeSpan PeerHealthTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public IEnumerable<string> Validate()
    {
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
