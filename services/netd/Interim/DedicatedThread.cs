namespace CriMesh.Netd.Interim;

// Stand-in with the signature of CriMesh.Linux's DedicatedThread (being landed by the "shared" helper).
public static class DedicatedThread
{
    /// <summary>Runs <paramref name="work"/> on a fresh OS thread that ends with it (never a pool thread).</summary>
    public static Task<T> RunAsync<T>(Func<T> work)
    {
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
        })
        {
            IsBackground = true,
            Name = "crimesh-dedicated",
        };
        thread.UnsafeStart();
        return done.Task;
    }
}
