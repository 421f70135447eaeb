using System.Diagnostics;
using System.Text;
using CriMesh.Common.Processes;
using CriMesh.Linux.Interop;

namespace CriMesh.Testing;

/// <summary>
/// A child process started by a test: stdout and stderr are captured (the last 1 MiB of each), and
/// <see cref="DisposeAsync"/> kills it by its PID (SIGKILL) and waits for it, so no test leaves one behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int MaxCapturedChars = 1 << 20;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly Action<string>? _onLine;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;
    private int? _finalExitCode;

    private ChildProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

    /// <summary>The process ID.</summary>
    public int Pid { get; private set; }

    /// <summary>The command line, for messages.</summary>
    public string CommandLine { get; private set; } = "";

    /// <summary>True once the process has exited (and after dispose, if it was reaped then).</summary>
    public bool HasExited => _disposed ? _finalExitCode is not null : _process.HasExited;

    /// <summary>The exit code, or null while it runs (after dispose: the code it was reaped with, if it was).</summary>
    public int? ExitCode => _disposed ? _finalExitCode : _process.HasExited ? _process.ExitCode : null;

    /// <summary>What the process wrote to stdout so far (the last 1 MiB).</summary>
    public string Stdout { get { lock (_lock) { return _stdout.ToString(); } } }

    /// <summary>What the process wrote to stderr so far (the last 1 MiB).</summary>
    public string Stderr { get { lock (_lock) { return _stderr.ToString(); } } }

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> (no shell). <paramref name="environment"/>
    /// entries are added to (or, with a null value, removed from) the inherited environment; <paramref name="onOutputLine"/>
    /// sees every line of stdout and stderr (prefixed "out: " / "err: "), e.g. to forward to xUnit's output.
    /// </summary>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        Action<string>? onOutputLine = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(process, onOutputLine);
        process.Exited += (_, _) => child._exited.TrySetResult();
        process.OutputDataReceived += (_, e) => child.Append(child._stdout, "out: ", e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._stderr, "err: ", e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"failed to start {fileName}");
        }
        child.Pid = process.Id;
        if (process.HasExited)
        {
            child._exited.TrySetResult();
        }
        child.CommandLine = fileName + " " + string.Join(' ', psi.ArgumentList);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every <paramref name="pollInterval"/> (default 50 ms) until it returns true
    /// (→ true), the process exits (→ false) or <paramref name="timeout"/> passes (→ false). Exceptions thrown by the
    /// condition count as "not yet".
    /// </summary>
    public async Task<bool> WaitUntilAsync(
        Func<CancellationToken, Task<bool>> condition,
        TimeSpan timeout,
        TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(50);
        while (deadline.Elapsed < timeout)
        {
            if (HasExited)
            {
                return false;
            }
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(timeout - deadline.Elapsed + TimeSpan.FromMilliseconds(1));
            try
            {
                if (await condition(attempt.Token).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Not ready yet.
            }
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }

    /// <summary>
    /// Waits (bounded) for the process to exit and returns its exit code; throws <see cref="TimeoutException"/> if it
    /// does not. Then waits for the rest of its output (so <see cref="Stdout"/>/<see cref="Stderr"/> are complete),
    /// at most 5 s more: a background child that keeps the pipes open cannot hold this up longer.
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _exited.Task.WaitAsync(cts.Token).ConfigureAwait(false);
            await DrainOutputAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"process {Pid} ({CommandLine}) did not exit within {timeout}");
        }
        return _process.ExitCode;
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. 15 for SIGTERM) to the process by its PID; a no-op once it has exited.</summary>
    public void Signal(int signal)
    {
        if (!HasExited)
        {
            _ = Libc.Kill(Pid, signal);
        }
    }

    /// <summary>Kills the process (SIGKILL) by PID, and with <paramref name="entireProcessTree"/> its descendants too.</summary>
    public void Kill(bool entireProcessTree = false)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    /// <summary>Kills the process by PID if it still runs, waits up to 10 s for it to be reaped, releases the handle.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        Kill();
        try
        {
            using var cts = new CancellationTokenSource(ExitWait);
            await _exited.Task.WaitAsync(cts.Token).ConfigureAwait(false);
            _finalExitCode = _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Left as is; nothing more a test can do.
        }
        _disposed = true;
        _process.Dispose();
    }

    /// <summary>Describes the process and its recent output, for assertion messages.</summary>
    public string Describe() =>
        $"pid {Pid} ({CommandLine}), exit code {ExitCode?.ToString() ?? "none (running)"}\n--- stdout ---\n{Tail(Stdout)}\n--- stderr ---\n{Tail(Stderr)}";

    /// <summary>
    /// Runs a command to completion with the shared <see cref="ProcessRunner"/> (bounded by <paramref name="timeout"/>:
    /// then its whole process group is killed and <see cref="TimeoutException"/> thrown) and returns its result; with
    /// <paramref name="throwOnFailure"/> a non-zero exit throws <see cref="InvalidOperationException"/> carrying the output.
    /// </summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, bool throwOnFailure = true) =>
        RunAsync(fileName, arguments, timeout, throwOnFailure).GetAwaiter().GetResult();

    /// <inheritdoc cref="Run"/>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        bool throwOnFailure = true,
        CancellationToken cancellationToken = default)
    {
        var spec = new ProcessSpec(fileName, [.. arguments]) { Timeout = timeout, MaxOutputBytes = MaxCapturedChars };
        var outcome = await ProcessRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        var result = new ProcessResult(outcome.ExitCode, outcome.StdoutText, outcome.StderrText);
        if (outcome.TimedOut)
        {
            throw new TimeoutException($"{spec.CommandLine} timed out after {timeout}\n{Describe(result)}");
        }
        if (throwOnFailure && outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"{spec.CommandLine} failed with exit code {outcome.ExitCode}\n{Describe(result)}");
        }
        return result;
    }

    private async Task DrainOutputAsync(CancellationToken cancellationToken)
    {
        // Let the asynchronous readers reach EOF, bounded: a daemon the command left behind may hold the pipes open.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Keep what arrived so far.
        }
    }

    private void Append(StringBuilder sb, string prefix, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lock)
        {
            sb.Append(line).Append('\n');
            if (sb.Length > MaxCapturedChars)
            {
                sb.Remove(0, sb.Length - MaxCapturedChars);
            }
        }
        _onLine?.Invoke(prefix + line);
    }

    private static string Tail(string s) => s.Length <= 8192 ? s : "..." + s[^8192..];

    private static string Describe(ProcessResult result) =>
        $"exit code {result.ExitCode}\n--- stdout ---\n{Tail(result.Stdout)}\n--- stderr ---\n{Tail(result.Stderr)}";
}
