using Microsoft.Extensions.Logging;

namespace CriMesh.Gateway.Containers;

/// <summary>
/// The named undo steps of one container creation, run in reverse unless committed, each with a fresh
/// token bounded to 30 s (the request's token may be the reason we are undoing). A failing undo is logged
/// and the rest still run.
/// </summary>
public sealed class ContainerUndo(string containerId, ILogger logger) : IAsyncDisposable
{
    private readonly Stack<(string Step, Func<CancellationToken, Task> Undo)> steps = new();
    private bool committed;

    public void Push(string step, Func<CancellationToken, Task> undo) => steps.Push((step, undo));

    public void Push(string step, Action undo) => steps.Push((step, _ => { undo(); return Task.CompletedTask; }));

    public void Commit() => committed = true;

    public async ValueTask DisposeAsync()
    {
        if (committed) return;
        while (steps.TryPop(out var s))
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await s.Undo(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.ContainerUndoFailed(logger, containerId, s.Step, e.Message);
            }
        }
    }
}
