using CriMesh.Common.Errors;
using Microsoft.Extensions.Logging;

namespace CriMesh.Common.Operations;

/// <summary>
/// The rollback of a multi-step operation. Each step, once done, pushes its undo; <see cref="Commit"/> at
/// the end keeps everything. Disposing an uncommitted stack runs the undos in reverse order with a fresh
/// token (the request's own is usually the one that was cancelled), bounded by one time budget; an undo
/// that fails is logged and the rest still run.
/// </summary>
/// <example>
/// <code>
/// await using var undo = new UndoStack(logger);
/// var dir = CreateDir(); undo.Push("create dir", () => Directory.Delete(dir, true));
/// await netd.AttachAsync(...); undo.Push("attach network", ct => netd.DetachAsync(..., ct));
/// undo.Commit();
/// </code>
/// </example>
public sealed class UndoStack : IAsyncDisposable
{
    /// <summary>The default budget for running all undos: 30 s.</summary>
    public static readonly TimeSpan DefaultUndoTimeout = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger;
    private readonly TimeSpan _undoTimeout;
    private readonly TimeProvider _time;
    private readonly Stack<(string Step, Func<CancellationToken, Task> Undo)> _steps = new();
    private readonly Lock _gate = new();
    private bool _committed;
    private bool _finished;

    public UndoStack(ILogger logger, TimeSpan? undoTimeout = null, TimeProvider? time = null)
    {
        _logger = logger;
        _undoTimeout = undoTimeout ?? DefaultUndoTimeout;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many undos are registered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _steps.Count;
            }
        }
    }

    /// <summary>Registers the undo of <paramref name="step"/>, which has just succeeded.</summary>
    public void Push(string step, Func<CancellationToken, Task> undo)
    {
        ArgumentNullException.ThrowIfNull(undo);
        lock (_gate)
        {
            if (_committed || _finished)
            {
                throw new InvalidOperationException($"undo stack is {(_committed ? "committed" : "rolled back")}; cannot push '{step}'");
            }
            _steps.Push((step, undo));
        }
    }

    /// <summary>Registers a synchronous undo of <paramref name="step"/>.</summary>
    public void Push(string step, Action undo)
    {
        ArgumentNullException.ThrowIfNull(undo);
        Push(step, _ =>
        {
            undo();
            return Task.CompletedTask;
        });
    }

    /// <summary>The operation succeeded: no undo will run.</summary>
    public void Commit()
    {
        lock (_gate)
        {
            _committed = true;
            _steps.Clear();
        }
    }

    /// <summary>Runs the undos now (in reverse), unless committed; later calls and disposal do nothing.</summary>
    public async Task RollbackAsync()
    {
        List<(string Step, Func<CancellationToken, Task> Undo)> steps;
        lock (_gate)
        {
            if (_committed || _finished)
            {
                return;
            }
            _finished = true;
            steps = [.. _steps];
            _steps.Clear();
        }
        if (steps.Count == 0)
        {
            return;
        }
        using var budget = new CancellationTokenSource(_undoTimeout, _time);
        foreach (var (step, undo) in steps)
        {
            await RunOneAsync(step, undo, budget.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Rolls back unless committed.</summary>
    public async ValueTask DisposeAsync() => await RollbackAsync().ConfigureAwait(false);

    private async Task RunOneAsync(string step, Func<CancellationToken, Task> undo, CancellationToken token)
    {
        try
        {
            Log.UndoRunning(_logger, step);
            await undo(token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var detail = e is CriMeshException or IOException or OperationCanceledException ? e.Message : e.ToString();
            Log.UndoFailed(_logger, step, detail);
        }
    }
}
