namespace CriMesh.Linux.Threading;

/// <summary>
/// Runs work on a fresh OS thread that ends with it — for setns(2), unshare(2) (CLONE_FS, CLONE_NEWNET)
/// and anything else that changes per-thread kernel state. Such state must never reach a thread-pool
/// thread (it would leak into unrelated work) and never span an <c>await</c> (the continuation may run
/// elsewhere); a thread that exits takes its namespaces and fs context with it.
/// </summary>
public static class DedicatedThread
{
    private const int StackSize = 256 * 1024;

    /// <summary>Runs <paramref name="work"/> on its own thread; the task completes when the thread is done.</summary>
    public static Task<T> RunAsync<T>(Func<T> work, string name = "crimesh-dedicated")
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }, StackSize)
        {
            IsBackground = true,
            Name = name,
        };
        // UnsafeStart: the execution context (AsyncLocals, log scopes) does not flow to a thread that is
        // about to change namespaces; the work gets what it needs through its closure.
        thread.UnsafeStart();
        return done.Task;
    }

    /// <summary>Runs <paramref name="work"/> on its own thread.</summary>
    public static Task RunAsync(Action work, string name = "crimesh-dedicated")
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(() =>
        {
            work();
            return true;
        }, name);
    }

    /// <summary>Runs <paramref name="work"/> on its own thread and blocks the caller until it is done.</summary>
    public static T Run<T>(Func<T> work, string name = "crimesh-dedicated") =>
        RunAsync(work, name).GetAwaiter().GetResult();
}
