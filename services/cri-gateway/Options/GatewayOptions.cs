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

    /// <summary>
    /// The runtime handlers (RuntimeClass handlers) a pod may name; "" is the default handler. Default:
    /// <c>["", "runc"]</c>. (The conmon daemon's config will own the handler table; until then it is set here.)
    /// </summary>
    public string[] RuntimeHandlers { get; init; } = ["", "runc"];

    /// <summary>The pod infra process (PID mode POD only). Default: <c>""</c>, crimesh-pause beside the gateway binary.</summary>
    public string InfraBinary { get; init; } = "";

    /// <summary>The resolv.conf a pod gets when its DNSConfig names nothing. Default: <c>/etc/resolv.conf</c>.</summary>
    public string HostResolvConf { get; init; } = "/etc/resolv.conf";

    /// <summary>
    /// How long a pod finished after kubelet's deadline waits for kubelet's retry to claim it before it is
    /// removed. Default: <c>5m</c>.
    /// </summary>
    public TimeSpan ParkedPodTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a RunPodSandbox may work, deadline or not, before it is undone. Default: <c>4m</c>.</summary>
    public TimeSpan PodCreateTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// Clamp requested oom_score_adj values to the gateway's own: <c>auto</c> (when CAP_SYS_RESOURCE is
    /// missing), <c>true</c> or <c>false</c>. Default: <c>auto</c>.
    /// </summary>
    public string ClampOomScoreAdj { get; init; } = "auto";

    /// <summary>The pids cgroup limit of every container; 0 means none. Default: <c>0</c>.</summary>
    public long PidsLimit { get; init; }

    /// <summary>How long a container created after kubelet's deadline waits for the retry to claim it. Default: <c>5m</c>.</summary>
    public TimeSpan ParkedContainerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public IEnumerable<string> Validate()
    {
        if (ClampOomScoreAdj is not ("auto" or "true" or "false"))
        {
            yield return $"clamp_oom_score_adj must be auto, true or false, got \"{ClampOomScoreAdj}\"";
        }
        if (ParkedPodTimeout <= TimeSpan.Zero || PodCreateTimeout <= TimeSpan.Zero)
        {
            yield return "parked_pod_timeout and pod_create_timeout must be positive";
        }
        if (InfraBinary.Length > 0 && !Path.IsPathFullyQualified(InfraBinary))
        {
            yield return $"infra_binary must be an absolute path, got \"{InfraBinary}\"";
        }
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

    /// <summary>The infra binary in effect: <see cref="InfraBinary"/>, or crimesh-pause beside the gateway.</summary>
    public string EffectiveInfraBinary() =>
        InfraBinary.Length > 0 ? InfraBinary : Path.Combine(AppContext.BaseDirectory, "crimesh-pause");

    /// <summary>The driver in effect: <see cref="CgroupDriver"/> with <c>auto</c> resolved.</summary>
    public string EffectiveCgroupDriver(bool systemdIsInit) =>
        CgroupDriver == "auto" ? (systemdIsInit ? "systemd" : "cgroupfs") : CgroupDriver;
}
