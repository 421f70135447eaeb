using CriMesh.Common.Grpc;
using Grpc.Core;
using Grpc.Health.V1;

namespace CriMesh.Testing.Node;

/// <summary>
/// The real daemons as separate processes, on a temporary run dir and state dir (never the node's
/// /run/crimesh or /var/lib/crimesh). Tests start, kill and restart them by name; disposal stops every
/// daemon it started (SIGTERM, then SIGKILL by PID) and removes the temporary tree.
/// </summary>
public sealed class DaemonNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, ChildProcess> _running = new(StringComparer.Ordinal);
    private readonly List<ChildProcess> _exited = [];
    private readonly Action<string>? _log;

    /// <param name="extraToml">Appended to the generated config, e.g. daemon tables.</param>
    /// <param name="log">Receives every daemon output line, e.g. xUnit's ITestOutputHelper.WriteLine.</param>
    public DaemonNode(string extraToml = "", Action<string>? log = null)
    {
        _log = log;
        Dir = new TempDir("crimesh-node");
        RunDir = Dir.CreateSubdirectory("run");
        StateDir = Dir.CreateSubdirectory("state");
        ConfigPath = Dir.Combine("crimesh.toml");
        File.WriteAllText(ConfigPath, $"""
            run_dir = "{RunDir}"
            state_dir = "{StateDir}"
            log_level = "debug"
            shutdown_timeout = "5s"

            {extraToml}
            """);
    }

    public TempDir Dir { get; }

    public string RunDir { get; }

    public string StateDir { get; }

    public string ConfigPath { get; }

    /// <summary>The gRPC socket of <paramref name="daemon"/> ("gateway" is the CRI endpoint).</summary>
    public string SocketPath(string daemon) => Path.Combine(RunDir, daemon == "gateway" ? "crimesh.sock" : $"{daemon}.sock");

    /// <summary>The process of a running daemon.</summary>
    public ChildProcess Process(string daemon) => _running[daemon];

    /// <summary>True when <paramref name="daemon"/> was started and not stopped since (it may have exited on its own).</summary>
    public bool IsStarted(string daemon) => _running.ContainsKey(daemon);

    /// <summary>
    /// Appends <paramref name="toml"/> to the config file, e.g. a daemon table naming directories below
    /// <see cref="Dir"/>; daemons started after read it.
    /// </summary>
    public void AddConfig(string toml) => File.AppendAllText(ConfigPath, "\n" + toml + "\n");

    /// <summary>Starts every daemon and waits until each serves health.</summary>
    public async Task StartAllAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(RepoPaths.Daemons.Select(d => StartAsync(d, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Starts <paramref name="daemon"/> and waits (bounded) until its health service answers SERVING.</summary>
    public Task StartAsync(string daemon, CancellationToken cancellationToken = default) =>
        StartCoreAsync(daemon, RepoPaths.DaemonExe(daemon), null, cancellationToken);

    /// <summary>
    /// Starts <paramref name="daemon"/> with extra environment variables (e.g. CRIMESH_FAILPOINTS; a null value
    /// removes one) and waits (bounded) until its health service answers SERVING.
    /// </summary>
    public Task StartAsync(string daemon, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken = default) =>
        StartCoreAsync(daemon, RepoPaths.DaemonExe(daemon), environment, cancellationToken);

    /// <summary>
    /// Starts <paramref name="daemon"/> from <paramref name="executable"/> (e.g. a NativeAOT-published binary
    /// instead of the built apphost) and waits (bounded) until its health service answers SERVING.
    /// </summary>
    public Task StartAsync(string daemon, string executable, CancellationToken cancellationToken = default) =>
        StartCoreAsync(daemon, executable, null, cancellationToken);

    private async Task StartCoreAsync(string daemon, string executable, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken)
    {
        if (_running.ContainsKey(daemon))
        {
            throw new InvalidOperationException($"{daemon} is already running");
        }
        var process = ChildProcess.Start(executable, ["--config", ConfigPath], environment,
            onOutputLine: _log is null ? null : line => _log($"[{daemon}] {line}"));
        _running[daemon] = process;
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{daemon} exited with {process.ExitCode} while starting: {process.Stderr}");
            }
            if (await IsServingAsync(daemon, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"{daemon} did not serve health within {StartTimeout.TotalSeconds}s: {process.Stderr}");
    }

    /// <summary>Sends <paramref name="signal"/> to a running daemon and waits (bounded) for it to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(string daemon, int signal = 15)
    {
        var process = _running[daemon];
        _running.Remove(daemon);
        _exited.Add(process);
        process.Signal(signal);
        return await process.WaitForExitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
    }

    /// <summary>True when the daemon's health service answers SERVING.</summary>
    public async Task<bool> IsServingAsync(string daemon, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(SocketPath(daemon)))
        {
            return false;
        }
        using var channel = UnixChannel.Create(SocketPath(daemon), TimeSpan.FromSeconds(2));
        try
        {
            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken).ConfigureAwait(false);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    /// <summary>Error and fatal log lines every daemon (running or exited) wrote so far.</summary>
    public IReadOnlyList<string> ErrorLines() =>
        _running.Values.Concat(_exited)
            .SelectMany(p => (p.Stdout + "\n" + p.Stderr).Split('\n'))
            .Where(l => l.Contains(" ERR ", StringComparison.Ordinal) || l.Contains(" FTL ", StringComparison.Ordinal))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var (daemon, process) in _running.ToList())
        {
            try
            {
                process.Signal(15);
                await process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                _log?.Invoke($"[{daemon}] did not stop on SIGTERM: {e.Message}");
            }
        }
        foreach (var process in _running.Values.Concat(_exited))
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
        _running.Clear();
        Dir.Dispose();
    }
}
