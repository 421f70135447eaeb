// TEMPORARY: stands in for CriMesh.Common.Operations.UndoStack until the shared helper lands it; same signatures.
using Microsoft.Extensions.Logging;

namespace CriMesh.Conmon.Shims;

public sealed class UndoStack(ILogger logger) : IAsyncDisposable
{
    private readonly Stack<(string Step, Func<CancellationToken, Task> Undo)> _steps = new();
    private bool _committed;

    public void Push(string step, Func<CancellationToken, Task> undo) => _steps.Push((step, undo));

    public void Push(string step, Action undo) => _steps.Push((step, _ =>
    {
        undo();
        return Task.CompletedTask;
    }));

    public void Commit() => _committed = true;

    public async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_steps.TryPop(out var s))
        {
            try
            {
                await s.Undo(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "undo {Step} failed", s.Step);
            }
        }
    }
}
