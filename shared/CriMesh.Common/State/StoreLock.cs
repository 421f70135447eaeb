
namespace CriMesh.Common.State;

/// <summary>
/// The one lock of a store (imaged's and storaged's alike): a semaphore for the threads of this process, then an exclusive
/// <see cref="FileLock"/> (flock) on the lock file for other processes that open the same store.
/// </summary>
public sealed class StoreLock(string path) : IDisposable
{
    private static readonly TimeSpan FileLockTimeout = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Waits for the lock; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await FileLock.AcquireAsync(path, exclusive: true, FileLockTimeout, cancellationToken).ConfigureAwait(false);
            return new Releaser(gate, file);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    public void Dispose() => gate.Dispose();

    private sealed class Releaser(SemaphoreSlim gate, FileLock file) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                file.Dispose();
                gate.Release();
            }
        }
    }
}
