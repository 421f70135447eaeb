using CriMesh.Common.Config;

namespace CriMesh.Conmon.Options;

public sealed partial record ConmonOptions
{
    /// <summary>The keys of <c>[conmon]</c>, in the order <c>--print-config</c> writes them.</summary>
    public static OptionsSchema<ConmonOptions> Schema { get; } = new OptionsSchema<ConmonOptions>()
        .String("runtime_path", o => o.RuntimePath, (o, v) => o with { RuntimePath = v })
        .String("runtime_root", o => o.RuntimeRoot, (o, v) => o with { RuntimeRoot = v })
        .String("monitor_path", o => o.MonitorPath, (o, v) => o with { MonitorPath = v })
        .String("monitor_log_level", o => o.MonitorLogLevel, (o, v) => o with { MonitorLogLevel = v })
        .String("default_runtime_handler", o => o.DefaultRuntimeHandler, (o, v) => o with { DefaultRuntimeHandler = v })
        .Duration("create_timeout", o => o.CreateTimeout, (o, v) => o with { CreateTimeout = v })
        .Duration("kill_timeout", o => o.KillTimeout, (o, v) => o with { KillTimeout = v })
        .Long("exec_max_output_bytes", o => o.ExecMaxOutputBytes, (o, v) => o with { ExecMaxOutputBytes = v })
        .TableMap<RuntimeHandlerOptions>("runtime_handlers", o => o.RuntimeHandlers, (o, v) => o with { RuntimeHandlers = v });
}
