// INTERIM stand-in for the shared helper's CriMesh.Linux.DedicatedThread (same signature), not on main yet;
// deleted when it lands.
namespace CriMesh.Linux;

internal static class DedicatedThread
{
    public static Task<T> RunAsync<T>(Func<T> work)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                tcs.SetResult(work());
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
        }) { IsBackground = true, Name = "crimesh-dedicated" };
        thread.Start();
        return tcs.Task;
    }
}
