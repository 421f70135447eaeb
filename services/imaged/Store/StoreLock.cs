using CriMesh.Common.State;

namespace CriMesh.Imaged.Store;

/// <summary>
/// The writers' lock of the store: a semaphore inside the process (no polling between our own
/// writers) and an exclusive flock on the lock file across processes.
/// </summary>
public sealed class StoreLock(string path) : IDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _local = new(1, 1);

    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _local.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await FileLock.AcquireAsync(path, exclusive: true, GiveUpAfter, cancellationToken).ConfigureAwait(false);
            return new Held(this, file);
        }
        catch
        {
            _local.Release();
            throw;
        }
    }

    public void Dispose() => _local.Dispose();

    private sealed class Held(StoreLock owner, FileLock file) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                file.Dispose();
                owner._local.Release();
            }
        }
    }
}
