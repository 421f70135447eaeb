using System.Diagnostics;
using System.IO.Pipes;
using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;
using CriMesh.Linux.Processes;
using Microsoft.Win32.SafeHandles;

namespace CriMesh.Common.Processes;

/// <summary>
/// Runs a child process to completion, bounded: it starts in a process group of its own; its stdout and
/// stderr are captured up to a cap; when the deadline passes (or the caller cancels) the whole group —
/// the child and everything it forked that stayed in the group — is killed with SIGKILL and reaped.
/// Used for CNI plugins (netd), runc (conmon) and anything else a daemon executes.
/// </summary>
/// <remarks>
/// The run ends when the child has exited and both output pipes are closed. A descendant that keeps the
/// pipes open holds the run until the deadline, when the group is killed; one that left the group
/// (setsid) is not killed, and the run stops reading after a short grace instead.
/// </remarks>
public static class ProcessRunner
{
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs <paramref name="spec"/>. Throws <see cref="CriMeshException"/> (InvalidArgument) for a malformed
    /// spec, (FailedPrecondition) when the program cannot be found or started, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires (after
    /// killing and reaping the group). A timeout is not an exception: see <see cref="ProcessOutcome.TimedOut"/>.
    /// </summary>
    public static async Task<ProcessOutcome> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellationToken.ThrowIfCancellationRequested();
        var environment = ProcessSpecValidator.Environment(spec);
        var path = ProcessSpecValidator.ResolveExecutable(spec, environment);
        var argv = new List<string>(spec.Arguments.Count + 1) { spec.FileName };
        argv.AddRange(spec.Arguments);

        var started = Stopwatch.GetTimestamp();
        using var child = ChildPipes.Create(spec.Stdin is not null);
        int pid;
        try
        {
            pid = ProcessSpawner.Spawn(path, argv, environment, spec.WorkingDirectory,
                child.StdinRead?.Fd ?? -1, child.StdoutWrite.Fd, child.StderrWrite.Fd);
        }
        catch (SyscallException e)
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"cannot start {path}: {e.ErrnoName}", e);
        }
        child.CloseChildEnds();
        return await SuperviseAsync(spec, pid, child, started, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ProcessOutcome> SuperviseAsync(
        ProcessSpec spec, int pid, ChildPipes pipes, long started, CancellationToken cancellationToken)
    {
        var group = new GroupKiller(pid);
        using var deadline = new CancellationTokenSource(spec.Timeout);
        using var onDeadline = deadline.Token.Register(group.Kill);
        using var onCancel = cancellationToken.Register(group.Kill);
        using var abandonOutput = new CancellationTokenSource();

        var exit = Task.Factory.StartNew(() => WaitStatus.WaitBlocking(pid), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var stdout = OutputCapture.ReadAsync(pipes.TakeStdout(), spec.MaxOutputBytes, abandonOutput.Token);
        var stderr = OutputCapture.ReadAsync(pipes.TakeStderr(), spec.MaxOutputBytes, abandonOutput.Token);
        var stdin = spec.Stdin is null ? Task.CompletedTask : WriteStdinAsync(pipes.TakeStdin(), spec.Stdin);

        var status = await exit.ConfigureAwait(false);
        var drained = Task.WhenAll(stdout, stderr);
        if (!drained.IsCompleted)
        {
            // The child is gone; its output is complete once whatever inherited the pipes closes them, or the
            // deadline kills the group. A descendant outside the group gets a short grace, then is ignored.
            await Task.WhenAny(drained, Task.Delay(Timeout.Infinite, deadline.Token)).ConfigureAwait(false);
            if (!drained.IsCompleted)
            {
                await Task.WhenAny(drained, Task.Delay(DrainGrace, CancellationToken.None)).ConfigureAwait(false);
                await abandonOutput.CancelAsync().ConfigureAwait(false);
            }
        }
        var (outBytes, outCut) = await stdout.ConfigureAwait(false);
        var (errBytes, errCut) = await stderr.ConfigureAwait(false);
        await stdin.ConfigureAwait(false);
        group.MarkDone();
        cancellationToken.ThrowIfCancellationRequested();
        return new ProcessOutcome(status.ExitCode, status.Signal, outBytes, errBytes, outCut, errCut,
            group.Killed, Stopwatch.GetElapsedTime(started));
    }

    private static async Task WriteStdinAsync(AnonymousPipeClientStream stream, byte[] bytes)
    {
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await stream.WriteAsync(bytes).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The child closed its stdin (or died) before reading everything: not this run's failure.
            }
        }
    }

    /// <summary>Kills the group once; never after the run is over, so a reused PID is never hit.</summary>
    private sealed class GroupKiller(int pid)
    {
        private readonly Lock _gate = new();
        private bool _done;

        public bool Killed { get; private set; }

        public void Kill()
        {
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }
                Killed = true;
                _ = Libc.Kill(-pid, Libc.SIGKILL);
            }
        }

        public void MarkDone()
        {
            lock (_gate)
            {
                _done = true;
            }
        }
    }

    /// <summary>The three pipes between this process and the child.</summary>
    private sealed class ChildPipes : IDisposable
    {
        private SafeFd? _stdoutRead;
        private SafeFd? _stderrRead;
        private SafeFd? _stdinWrite;

        public SafeFd? StdinRead { get; private set; }

        public SafeFd StdoutWrite { get; private set; } = null!;

        public SafeFd StderrWrite { get; private set; } = null!;

        public static ChildPipes Create(bool withStdin)
        {
            var pipes = new ChildPipes();
            try
            {
                (pipes._stdoutRead, pipes.StdoutWrite) = Libc.Pipe();
                (pipes._stderrRead, pipes.StderrWrite) = Libc.Pipe();
                if (withStdin)
                {
                    (var read, pipes._stdinWrite) = Libc.Pipe();
                    pipes.StdinRead = read;
                }
                return pipes;
            }
            catch
            {
                pipes.Dispose();
                throw;
            }
        }

        public void CloseChildEnds()
        {
            StdinRead?.Dispose();
            StdoutWrite.Dispose();
            StderrWrite.Dispose();
        }

        public AnonymousPipeClientStream TakeStdout() => Take(ref _stdoutRead, PipeDirection.In);

        public AnonymousPipeClientStream TakeStderr() => Take(ref _stderrRead, PipeDirection.In);

        public AnonymousPipeClientStream TakeStdin() => Take(ref _stdinWrite, PipeDirection.Out);

        public void Dispose()
        {
            CloseChildEnds();
            _stdoutRead?.Dispose();
            _stderrRead?.Dispose();
            _stdinWrite?.Dispose();
        }

        private static AnonymousPipeClientStream Take(ref SafeFd? fd, PipeDirection direction)
        {
            var owned = fd ?? throw new InvalidOperationException("pipe already taken");
            fd = null;
            return new AnonymousPipeClientStream(direction, new SafePipeHandle(owned.Detach(), ownsHandle: true));
        }
    }
}
