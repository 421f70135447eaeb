using Microsoft.Extensions.Logging;

namespace CriMesh.Netd.Interim;

// Stand-in with the signatures of CriMesh.Common.Operations.UndoStack (being landed by the "shared"
// helper); netd switches to the shared one once it is on main and this folder goes away.
public sealed class UndoStack(ILogger logger) : IAsyncDisposable
{
    private readonly Stack<(string Step, Func<CancellationToken, Task> Undo)> steps = new();
    private bool committed;

    public void Push(string step, Func<CancellationToken, Task> undo) => steps.Push((step, undo));

    public void Push(string step, Action undo) => steps.Push((step, _ =>
    {
        undo();
        return Task.CompletedTask;
    }));

    public void Commit() => committed = true;

    public async ValueTask DisposeAsync()
    {
        if (committed)
        {
            return;
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (steps.TryPop(out var entry))
        {
            try
            {
                await entry.Undo(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "undo of {Step} failed", entry.Step);
            }
        }
    }
}
