using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;

namespace CriMesh.Common.State;

/// <summary>
/// An advisory lock (flock) on a lock file, shared between threads and processes: a daemon and the CLI
/// reading the same store take it the same way. Exclusive for writers, shared for readers. The kernel
/// drops it when the process dies, so a SIGKILL never leaves a store locked.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly SafeFd _fd;

    private FileLock(SafeFd fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> (polling, since flock cannot be cancelled).</summary>
    public static async Task<FileLock> AcquireAsync(string path, bool exclusive, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var fd = OpenLockFile(path);
        try
        {
            var op = (exclusive ? Libc.LOCK_EX : Libc.LOCK_SH) | Libc.LOCK_NB;
            var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            var delay = 1;
            while (true)
            {
                if (Libc.flock(fd, op) == 0)
                {
                    return new FileLock(fd, path);
                }
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno != Libc.EAGAIN && errno != Libc.EINTR)
                {
                    throw new SyscallException("flock", path, errno);
                }
                if (Environment.TickCount64 >= deadline)
                {
                    throw new CriMeshException(ErrorKind.DeadlineExceeded, $"timed out after {timeout.TotalSeconds:0.#}s waiting for lock {path}");
                }
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Takes the lock if it is free; null when another holder has it.</summary>
    public static FileLock? TryAcquire(string path, bool exclusive)
    {
        var fd = OpenLockFile(path);
        if (Libc.flock(fd, (exclusive ? Libc.LOCK_EX : Libc.LOCK_SH) | Libc.LOCK_NB) == 0)
        {
            return new FileLock(fd, path);
        }
        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        fd.Dispose();
        return errno == Libc.EAGAIN ? null : throw new SyscallException("flock", path, errno);
    }

    public void Dispose() => _fd.Dispose();

    private static SafeFd OpenLockFile(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        // O_CREAT | O_RDWR | O_CLOEXEC, mode 0600.
        return new SafeFd(Libc.Check(Libc.open(path, 0x40 | 0x2 | Libc.O_CLOEXEC, Convert.ToInt32("600", 8)), "open", path));
    }
}
