// INTERIM stand-in for the shared helper's CriMesh.Common.Operations (same signatures); deleted when it lands.
using CriMesh.Common.Errors;
using Microsoft.Extensions.Logging;

namespace CriMesh.Common.Operations;

internal sealed class UndoStack(ILogger logger) : IAsyncDisposable
{
    private readonly Stack<(string Step, Func<CancellationToken, Task> Undo)> _steps = new();
    private bool _committed;

    public void Push(string step, Func<CancellationToken, Task> undo) => _steps.Push((step, undo));

    public void Push(string step, Action undo) => _steps.Push((step, _ => { undo(); return Task.CompletedTask; }));

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
                logger.LogWarning(e, "undo of {Step} failed", s.Step);
            }
        }
    }
}

internal static class Failpoint
{
    public static void Hit(string name)
    {
        var list = Environment.GetEnvironmentVariable("CRIMESH_FAILPOINTS");
        if (!string.IsNullOrEmpty(list) && list.Split(',').Contains(name, StringComparer.Ordinal))
        {
            throw new CriMeshException(ErrorKind.Internal, $"failpoint {name}");
        }
    }
}
