using CriMesh.Common.Config;

namespace CriMesh.Gateway.Options;

public sealed partial record GatewayOptions
{
    /// <summary>The keys of <c>[gateway]</c>, in the order <c>--print-config</c> writes them.</summary>
    public static OptionsSchema<GatewayOptions> Schema { get; } = new OptionsSchema<GatewayOptions>()
        .String("cgroup_driver", o => o.CgroupDriver, (o, v) => o with { CgroupDriver = v })
        .Duration("peer_health_timeout", o => o.PeerHealthTimeout, (o, v) => o with { PeerHealthTimeout = v });
}
