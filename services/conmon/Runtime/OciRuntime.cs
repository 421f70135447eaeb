using System.Text;
using System.Text.Json;
using CriMesh.Common.Errors;
using CriMesh.Common.Processes;

namespace CriMesh.Conmon.Runtime;

/// <summary>
/// The OCI runtime's command line (runc's, which every handler must speak): state, start, kill, delete,
/// update and exec. Each call is bounded in time; a failure carries the runtime's stderr.
/// </summary>
public sealed class OciRuntime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>What <c>runtime state</c> reports, or null when the runtime does not know the container.</summary>
    public sealed record State(string Status, int Pid);

    public async Task<State?> StateAsync(RuntimeHandler handler, string id, CancellationToken ct)
    {
        var outcome = await RunAsync(handler, ["state", id], null, ct).ConfigureAwait(false);
        if (outcome.ExitCode != 0)
        {
            return IsNotFound(outcome) ? null : throw Failed(handler, "state", id, outcome);
        }
        using var doc = JsonDocument.Parse(outcome.Stdout);
        var root = doc.RootElement;
        var status = root.TryGetProperty("status", out var s) ? s.GetString() ?? "" : "";
        var pid = root.TryGetProperty("pid", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n) ? n : 0;
        return new State(status, pid);
    }

    public async Task StartAsync(RuntimeHandler handler, string id, CancellationToken ct)
    {
        var outcome = await RunAsync(handler, ["start", id], null, ct).ConfigureAwait(false);
        if (outcome.ExitCode != 0)
        {
            throw Failed(handler, "start", id, outcome);
        }
    }

    /// <summary>Sends <paramref name="signal"/>; false when the container is already gone or not running.</summary>
    public async Task<bool> KillAsync(RuntimeHandler handler, string id, int signal, bool all, CancellationToken ct)
    {
        string[] args = all ? ["kill", "--all", id, signal.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["kill", id, signal.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var outcome = await RunAsync(handler, args, null, ct).ConfigureAwait(false);
        if (outcome.ExitCode == 0)
        {
            return true;
        }
        var err = Encoding.UTF8.GetString(outcome.Stderr);
        return IsNotFound(outcome) || err.Contains("not running", StringComparison.OrdinalIgnoreCase)
            || err.Contains("process already finished", StringComparison.OrdinalIgnoreCase)
            ? false
            : throw Failed(handler, "kill", id, outcome);
    }

    /// <summary><c>runtime delete --force</c>; a container the runtime does not know is already deleted.</summary>
    public async Task DeleteAsync(RuntimeHandler handler, string id, CancellationToken ct)
    {
        var outcome = await RunAsync(handler, ["delete", "--force", id], null, ct).ConfigureAwait(false);
        if (outcome.ExitCode != 0 && !IsNotFound(outcome))
        {
            throw Failed(handler, "delete", id, outcome);
        }
    }

    public async Task UpdateAsync(RuntimeHandler handler, string id, byte[] resourcesJson, CancellationToken ct)
    {
        var outcome = await RunAsync(handler, ["update", "--resources", "-", id], resourcesJson, ct).ConfigureAwait(false);
        if (outcome.ExitCode != 0)
        {
            throw Failed(handler, "update", id, outcome);
        }
    }

    /// <summary>
    /// <c>runtime exec --process FILE --pid-file PIDFILE ID</c>. On <paramref name="timeout"/> the runner kills
    /// the runtime's process group and the outcome says TimedOut; the exec'd process (in its own group) is the
    /// caller's to kill, by the PID in <paramref name="pidFile"/>.
    /// </summary>
    public Task<ProcessOutcome> ExecAsync(RuntimeHandler handler, string id, string processJsonPath, string pidFile, TimeSpan timeout,
        int maxOutputBytes, CancellationToken ct) =>
        ProcessRunner.RunAsync(new ProcessSpec(handler.RuntimePath, [.. handler.GlobalArgs, "exec", "--process", processJsonPath, "--pid-file", pidFile, id])
        {
            Environment = Env,
            MaxOutputBytes = maxOutputBytes,
            Timeout = timeout,
        }, ct);

    private static readonly Dictionary<string, string> Env = new(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    };

    private static Task<ProcessOutcome> RunAsync(RuntimeHandler handler, IReadOnlyList<string> args, byte[]? stdin, CancellationToken ct) =>
        ProcessRunner.RunAsync(new ProcessSpec(handler.RuntimePath, [.. handler.GlobalArgs, .. args])
        {
            Environment = Env,
            Stdin = stdin,
            Timeout = CommandTimeout,
        }, ct);

    private static bool IsNotFound(ProcessOutcome outcome)
    {
        var err = Encoding.UTF8.GetString(outcome.Stderr);
        return err.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
            || err.Contains("not exist", StringComparison.OrdinalIgnoreCase);
    }

    private static CriMeshException Failed(RuntimeHandler handler, string verb, string id, ProcessOutcome outcome)
    {
        var err = Encoding.UTF8.GetString(outcome.Stderr).Trim();
        var what = outcome.TimedOut ? $"timed out after {outcome.Elapsed.TotalSeconds:0.#}s" : $"exited with {outcome.ExitCode}";
        return new CriMeshException(outcome.TimedOut ? ErrorKind.DeadlineExceeded : ErrorKind.Internal,
            $"{handler.Name} {verb} {id} {what}: {err}");
    }
}
