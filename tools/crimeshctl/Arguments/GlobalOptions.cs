using CriMesh.Ctl.Output;

namespace CriMesh.Ctl.Arguments;

/// <summary>Options every verb shares: where the daemons listen, how long a call may take, how to print.</summary>
internal sealed record GlobalOptions(string RuntimeSocket, string RunDir, TimeSpan Timeout, OutputFormat Output)
{
    public const string RuntimeEndpointVariable = "CONTAINER_RUNTIME_ENDPOINT";
    public const string RunDirVariable = "CRIMESH_RUN_DIR";
    public const string DefaultRunDir = "/run/crimesh";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<FlagSpec> Flags { get; } =
    [
        FlagSpec.Value("runtime-endpoint", 'r', "ENDPOINT",
            $"CRI endpoint (default ${RuntimeEndpointVariable}, else {Endpoint.DefaultRuntimeEndpoint})"),
        FlagSpec.Value("run-dir", null, "DIR", $"directory of the daemons' sockets (default ${RunDirVariable}, else {DefaultRunDir})"),
        FlagSpec.Value("timeout", null, "DURATION", "deadline of each call, e.g. 10s, 500ms, 2m (default 10s)"),
        FlagSpec.Value("output", 'o', "FORMAT", "table or json (default table)"),
        FlagSpec.Switch("help", 'h', "print usage"),
    ];

    /// <summary>Builds the options from parsed flags, falling back to the environment, then to defaults.</summary>
    public static GlobalOptions From(ParsedArgs args, Func<string, string?> environment)
    {
        var endpoint = args.Value("runtime-endpoint") ?? NonEmpty(environment(RuntimeEndpointVariable)) ?? Endpoint.DefaultRuntimeEndpoint;
        var runDir = args.Value("run-dir") ?? NonEmpty(environment(RunDirVariable)) ?? DefaultRunDir;
        if (!runDir.StartsWith('/'))
        {
            throw new UsageException($"--run-dir must be an absolute path (got \"{runDir}\")");
        }

        var timeout = args.Value("timeout") is { } t ? Durations.Parse(t) : DefaultTimeout;
        return new GlobalOptions(Endpoint.ToSocketPath(endpoint), runDir, timeout, ParseOutput(args.Value("output")));
    }

    public static OutputFormat ParseOutput(string? value) => value?.ToLowerInvariant() switch
    {
        null or "table" => OutputFormat.Table,
        "json" => OutputFormat.Json,
        _ => throw new UsageException($"unsupported output format \"{value}\" (table or json)"),
    };

    /// <summary>Socket of a peer daemon in the run dir, e.g. storaged.sock.</summary>
    public string PeerSocket(string daemon) => Path.Combine(RunDir, daemon + ".sock");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
