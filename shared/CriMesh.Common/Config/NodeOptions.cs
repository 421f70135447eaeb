namespace CriMesh.Common.Config;

/// <summary>
/// Settings every daemon shares: the top-level keys of <c>crimesh.toml</c>.
/// </summary>
public sealed partial record NodeOptions : IValidatedOptions, IBindableOptions<NodeOptions>
{
    /// <summary>Directory of the daemons' sockets and lock files. Default: <c>/run/crimesh</c>.</summary>
    public string RunDir { get; init; } = "/run/crimesh";

    /// <summary>Root of the daemons' state directories (<c>STATE_DIR/&lt;daemon&gt;</c>). Default: <c>/var/lib/crimesh</c>.</summary>
    public string StateDir { get; init; } = "/var/lib/crimesh";

    /// <summary>Minimum log level: verbose, debug, information, warning, error or fatal. Default: <c>information</c>.</summary>
    public string LogLevel { get; init; } = "information";

    /// <summary>How long a daemon waits for in-flight calls on SIGTERM before it stops anyway. Default: <c>10s</c>.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline given to a call to a peer daemon when the caller set none. Default: <c>30s</c>.</summary>
    public TimeSpan PeerCallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The gRPC socket of <paramref name="daemon"/>: <c>RUN_DIR/&lt;daemon&gt;.sock</c>.</summary>
    public string SocketPath(string daemon) => Path.Combine(RunDir, daemon == "gateway" ? "crimesh.sock" : daemon + ".sock");

    /// <summary>The state directory of <paramref name="daemon"/>: <c>STATE_DIR/&lt;daemon&gt;</c>.</summary>
    public string DaemonStateDir(string daemon) => Path.Combine(StateDir, daemon);

    public IEnumerable<string> Validate()
    {
        if (!Path.IsPathFullyQualified(RunDir))
        {
            yield return $"run_dir must be an absolute path, got \"{RunDir}\"";
        }
        if (!Path.IsPathFullyQualified(StateDir))
        {
            yield return $"state_dir must be an absolute path, got \"{StateDir}\"";
        }
        if (!LogLevels.TryParse(LogLevel, out _))
        {
            yield return $"log_level must be one of {string.Join(", ", LogLevels.Names)}, got \"{LogLevel}\"";
        }
        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            yield return "shutdown_timeout must be positive";
        }
        if (PeerCallTimeout <= TimeSpan.Zero)
        {
            yield return "peer_call_timeout must be positive";
        }
    }
}
