using CriMesh.Common.Operations;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriMesh.Common.Tests.Operations;

public sealed class UndoStackTests
{
    [Fact]
    public async Task DisposeAsync_NotCommitted_RunsUndosInReverse()
    {
        var order = new List<string>();
        await using (var undo = new UndoStack(NullLogger.Instance))
        {
            undo.Push("a", () => order.Add("a"));
            undo.Push("b", _ => { order.Add("b"); return Task.CompletedTask; });
            undo.Push("c", () => order.Add("c"));
        }

        Assert.Equal(["c", "b", "a"], order);
    }

    [Fact]
    public async Task DisposeAsync_Committed_RunsNothing()
    {
        var ran = false;
        await using (var undo = new UndoStack(NullLogger.Instance))
        {
            undo.Push("a", () => ran = true);
            undo.Commit();
        }

        Assert.False(ran);
    }

    [Fact]
    public async Task DisposeAsync_FailingUndo_LogsAndContinues()
    {
        var order = new List<string>();
        await using (var undo = new UndoStack(NullLogger.Instance))
        {
            undo.Push("a", () => order.Add("a"));
            undo.Push("b", () => throw new IOException("boom"));
            undo.Push("c", () => order.Add("c"));
        }

        Assert.Equal(["c", "a"], order);
    }

    [Fact]
    public async Task DisposeAsync_RequestCancelled_UndoGetsFreshToken()
    {
        using var request = new CancellationTokenSource();
        await request.CancelAsync();
        CancellationToken seen = default;
        await using (var undo = new UndoStack(NullLogger.Instance))
        {
            undo.Push("a", ct => { seen = ct; return Task.CompletedTask; });
        }

        Assert.True(seen.CanBeCanceled);
        Assert.False(seen.IsCancellationRequested);
    }

    [Fact]
    public async Task DisposeAsync_SlowUndo_IsBoundedByBudget()
    {
        var second = false;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using (var undo = new UndoStack(NullLogger.Instance, TimeSpan.FromMilliseconds(200)))
        {
            undo.Push("after", () => second = true);
            undo.Push("slow", ct => Task.Delay(Timeout.Infinite, ct));
        }

        Assert.True(second);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task RollbackAsync_Twice_RunsOnce()
    {
        var count = 0;
        var undo = new UndoStack(NullLogger.Instance);
        undo.Push("a", () => count++);

        await undo.RollbackAsync();
        await undo.RollbackAsync();
        await undo.DisposeAsync();

        Assert.Equal(1, count);
        Assert.Throws<InvalidOperationException>(() => undo.Push("late", () => { }));
    }
}
