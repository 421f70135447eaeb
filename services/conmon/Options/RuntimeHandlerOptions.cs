using CriMesh.Common.Config;

namespace CriMesh.Conmon.Options;

/// <summary>One <c>[conmon.runtime_handlers.NAME]</c> table: an OCI runtime a RuntimeClass can pick.</summary>
public sealed record RuntimeHandlerOptions : IValidatedOptions, IBindableOptions<RuntimeHandlerOptions>
{
    /// <summary>The OCI runtime binary (any runtime speaking runc's command line). Required.</summary>
    public string RuntimePath { get; init; } = "";

    /// <summary>The runtime's state root (its <c>--root</c>); "" means <c>RUN_DIR/NAME</c>. Default: "".</summary>
    public string RuntimeRoot { get; init; } = "";

    /// <summary>Runtime type; only <c>oci</c> (a runc-compatible command line) is supported. Default: <c>oci</c>.</summary>
    public string RuntimeType { get; init; } = "oci";

    /// <summary>Extra global arguments put before every runtime command (e.g. runsc's <c>--platform=ptrace</c>). Default: none.</summary>
    public string[] RuntimeArgs { get; init; } = [];

    /// <summary>Annotation keys (or prefixes ending in <c>*</c>) that pods of this handler may set. Default: none.</summary>
    public string[] AllowedAnnotations { get; init; } = [];

    /// <summary>The monitor binary for this handler; "" uses <c>[conmon] monitor_path</c>. Default: "".</summary>
    public string MonitorPath { get; init; } = "";

    /// <summary>The monitor's log level for this handler; "" uses <c>[conmon] monitor_log_level</c>. Default: "".</summary>
    public string MonitorLogLevel { get; init; } = "";

    /// <summary>Whether the runtime supports recursive read-only mounts (reported in Status). Default: false.</summary>
    public bool RecursiveReadOnlyMounts { get; init; }

    /// <summary>Whether the runtime supports user namespaces (reported in Status). Default: false.</summary>
    public bool UserNamespaces { get; init; }

    public IEnumerable<string> Validate()
    {
        if (!Path.IsPathFullyQualified(RuntimePath))
        {
            yield return $"runtime_path must be an absolute path, got \"{RuntimePath}\"";
        }
        if (RuntimeRoot.Length > 0 && !Path.IsPathFullyQualified(RuntimeRoot))
        {
            yield return $"runtime_root must be empty or an absolute path, got \"{RuntimeRoot}\"";
        }
        if (MonitorPath.Length > 0 && !Path.IsPathFullyQualified(MonitorPath))
        {
            yield return $"monitor_path must be empty or an absolute path, got \"{MonitorPath}\"";
        }
        if (RuntimeType != "oci")
        {
            yield return $"runtime_type must be \"oci\", got \"{RuntimeType}\"";
        }
    }

    /// <summary>The keys of one <c>[conmon.runtime_handlers.NAME]</c> table.</summary>
    public static OptionsSchema<RuntimeHandlerOptions> Schema { get; } = new OptionsSchema<RuntimeHandlerOptions>()
        .String("runtime_path", o => o.RuntimePath, (o, v) => o with { RuntimePath = v })
        .String("runtime_root", o => o.RuntimeRoot, (o, v) => o with { RuntimeRoot = v })
        .String("runtime_type", o => o.RuntimeType, (o, v) => o with { RuntimeType = v })
        .Strings("runtime_args", o => o.RuntimeArgs, (o, v) => o with { RuntimeArgs = v })
        .Strings("allowed_annotations", o => o.AllowedAnnotations, (o, v) => o with { AllowedAnnotations = v })
        .String("monitor_path", o => o.MonitorPath, (o, v) => o with { MonitorPath = v })
        .String("monitor_log_level", o => o.MonitorLogLevel, (o, v) => o with { MonitorLogLevel = v })
        .Bool("recursive_read_only_mounts", o => o.RecursiveReadOnlyMounts, (o, v) => o with { RecursiveReadOnlyMounts = v })
        .Bool("user_namespaces", o => o.UserNamespaces, (o, v) => o with { UserNamespaces = v });
}
