using CriMesh.Common.Errors;

namespace CriMesh.Imaged.Store;

/// <summary>
/// The writers' lock of the store: a semaphore inside the process and an exclusive <c>flock</c> on the
/// lock file across processes (.NET takes <c>flock(LOCK_EX|LOCK_NB)</c> when a file is opened with
/// <see cref="FileShare.None"/>; a busy lock is retried every few milliseconds).
/// </summary>
public sealed class StoreLock(string path, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _local = new(1, 1);

    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _local.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var start = time.GetTimestamp();
            while (true)
            {
                try
                {
                    var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return new Held(this, file);
                }
                catch (IOException) when (time.GetElapsedTime(start) < GiveUpAfter)
                {
                    await Task.Delay(RetryEvery, time, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    throw new CriMeshException(ErrorKind.Unavailable, $"image store lock {path} is held by another process for more than {GiveUpAfter.TotalSeconds}s", e);
                }
            }
        }
        catch
        {
            _local.Release();
            throw;
        }
    }

    public void Dispose() => _local.Dispose();

    private sealed class Held(StoreLock owner, FileStream file) : IDisposable
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
