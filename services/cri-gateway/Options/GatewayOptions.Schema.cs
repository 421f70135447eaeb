using CriMesh.Common.Config;

namespace CriMesh.Gateway.Options;

public sealed partial record GatewayOptions
{
    /// <summary>The keys of <c>[gateway]</c>, in the order <c>--print-config</c> writes them.</summary>
    public static OptionsSchema<GatewayOptions> Schema { get; } = new OptionsSchema<GatewayOptions>()
        .String("cgroup_driver", o => o.CgroupDriver, (o, v) => o with { CgroupDriver = v })
        .Duration("peer_health_timeout", o => o.PeerHealthTimeout, (o, v) => o with { PeerHealthTimeout = v })
        .Long("pids_limit", o => o.PidsLimit, (o, v) => o with { PidsLimit = v })
        .Duration("parked_container_timeout", o => o.ParkedContainerTimeout, (o, v) => o with { ParkedContainerTimeout = v })
        .Strings("runtime_handlers", o => o.RuntimeHandlers, (o, v) => o with { RuntimeHandlers = v })
        .String("infra_binary", o => o.InfraBinary, (o, v) => o with { InfraBinary = v })
        .String("host_resolv_conf", o => o.HostResolvConf, (o, v) => o with { HostResolvConf = v })
        .Duration("parked_pod_timeout", o => o.ParkedPodTimeout, (o, v) => o with { ParkedPodTimeout = v })
        .Duration("pod_create_timeout", o => o.PodCreateTimeout, (o, v) => o with { PodCreateTimeout = v })
        .String("clamp_oom_score_adj", o => o.ClampOomScoreAdj, (o, v) => o with { ClampOomScoreAdj = v });
}
