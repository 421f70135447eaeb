using CriMesh.Common.Config;

namespace CriMesh.Conmon.Options;

/// <summary>The <c>[conmon]</c> table of crimesh.toml.</summary>
public sealed partial record ConmonOptions : IValidatedOptions, IBindableOptions<ConmonOptions>
{
    /// <summary>The OCI runtime binary of the default handler. Default: <c>/usr/sbin/runc</c>.</summary>
    public string RuntimePath { get; init; } = "/usr/sbin/runc";

    /// <summary>The default handler's state root (its <c>--root</c>); "" means <c>RUN_DIR/runc</c>. Default: "".</summary>
    public string RuntimeRoot { get; init; } = "";

    /// <summary>The per-container monitor binary (Debian package conmon). Default: <c>/usr/bin/conmon</c>.</summary>
    public string MonitorPath { get; init; } = "/usr/bin/conmon";

    /// <summary>The monitor's <c>--log-level</c> (error, warn, info, debug). Default: <c>info</c>.</summary>
    public string MonitorLogLevel { get; init; } = "info";

    /// <summary>Name of the handler used when a pod names none. Default: <c>runc</c>.</summary>
    public string DefaultRuntimeHandler { get; init; } = "runc";

    /// <summary>
    /// Runtime handlers by name (<c>[conmon.runtime_handlers.NAME]</c>). The default handler exists even when
    /// not listed, built from runtime_path and runtime_root. Default: none besides it.
    /// </summary>
    public Dictionary<string, RuntimeHandlerOptions> RuntimeHandlers { get; init; } = new(StringComparer.Ordinal);

    /// <summary>How long a create (monitor start plus <c>runtime create</c>) may take. Default: <c>60s</c>.</summary>
    public TimeSpan CreateTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for the exit after SIGKILL before a stop fails. Default: <c>10s</c>.</summary>
    public TimeSpan KillTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Cap on each of stdout and stderr of ExecSync when the request names none. Default: 16 MiB.</summary>
    public long ExecMaxOutputBytes { get; init; } = 16L * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        foreach (var (key, value) in new[] { ("runtime_path", RuntimePath), ("monitor_path", MonitorPath) })
        {
            if (!Path.IsPathFullyQualified(value))
            {
                yield return $"{key} must be an absolute path, got \"{value}\"";
            }
        }
        if (RuntimeRoot.Length > 0 && !Path.IsPathFullyQualified(RuntimeRoot))
        {
            yield return $"runtime_root must be empty or an absolute path, got \"{RuntimeRoot}\"";
        }
        if (DefaultRuntimeHandler.Length == 0)
        {
            yield return "default_runtime_handler must not be empty";
        }
        if (CreateTimeout <= TimeSpan.Zero || KillTimeout <= TimeSpan.Zero)
        {
            yield return "create_timeout and kill_timeout must be positive";
        }
        if (ExecMaxOutputBytes is <= 0 or > int.MaxValue)
        {
            yield return $"exec_max_output_bytes must be between 1 and {int.MaxValue}, got {ExecMaxOutputBytes}";
        }
        foreach (var name in RuntimeHandlers.Keys.Where(n => !Containers.ContainerIds.IsValidName(n)))
        {
            yield return $"runtime handler name \"{name}\" must be letters, digits, '.', '_' or '-'";
        }
    }
}
