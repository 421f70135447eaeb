using CriMesh.Common.Config;

namespace CriMesh.Conmon.Options;

/// <summary>One <c>[conmon.runtime_handlers.NAME]</c> table: an OCI runtime a RuntimeClass can pick.</summary>
public sealed record RuntimeHandlerOptions : IValidatedOptions
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
}
