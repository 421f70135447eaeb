using CriMesh.Common.Config;

namespace CriMesh.Conmon.Options;

public sealed partial record ConmonOptions
{
    /// <summary>The keys of <c>[conmon]</c>, in the order <c>--print-config</c> writes them.</summary>
    public static OptionsSchema<ConmonOptions> Schema { get; } = new OptionsSchema<ConmonOptions>()
        .String("runtime_path", o => o.RuntimePath, (o, v) => o with { RuntimePath = v })
        .String("runtime_root", o => o.RuntimeRoot, (o, v) => o with { RuntimeRoot = v })
        .String("monitor_path", o => o.MonitorPath, (o, v) => o with { MonitorPath = v });
}
