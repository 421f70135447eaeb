namespace CriMesh.Common.Config;

public sealed partial record NodeOptions
{
    /// <summary>The top-level keys of <c>crimesh.toml</c>, in the order <c>--print-config</c> writes them.</summary>
    public static OptionsSchema<NodeOptions> Schema { get; } = new OptionsSchema<NodeOptions>()
        .String("run_dir", o => o.RunDir, (o, v) => o with { RunDir = v })
        .String("state_dir", o => o.StateDir, (o, v) => o with { StateDir = v })
        .String("log_level", o => o.LogLevel, (o, v) => o with { LogLevel = v })
        .Duration("shutdown_timeout", o => o.ShutdownTimeout, (o, v) => o with { ShutdownTimeout = v })
        .Duration("peer_call_timeout", o => o.PeerCallTimeout, (o, v) => o with { PeerCallTimeout = v });
}
