using CriMesh.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace CriMesh.Storaged.Store;

/// <summary>
/// The one lock of a store: a semaphore for the threads of this process, then flock(LOCK_EX) on the
/// lock file for other processes that open the same store (a second storaged, a repair tool).
/// </summary>
public sealed class StoreLock : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SafeFileHandle file;

    public StoreLock(string path)
    {
        file = Libc.OpenHandle(path, Libc.O_RDWR | Libc.O_CREAT, 0x180 /* 0600 */);
    }

    /// <summary>Waits for the lock; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another process holds it only briefly; blocking on a pool thread here is bounded by that.
            while (Libc.Flock(file, Libc.LOCK_EX) != 0)
            {
                if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Libc.EINTR)
                {
                    Libc.Check(-1, "flock", "lock");
                }
            }
            return new Releaser(this);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    public void Dispose()
    {
        file.Dispose();
        gate.Dispose();
    }

    private sealed class Releaser(StoreLock owner) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Libc.Flock(owner.file, Libc.LOCK_UN);
                owner.gate.Release();
            }
        }
    }
}
