using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;

namespace CriMesh.Conmon.Containers;

public sealed partial class ContainerManager
{
    private const int O_NONBLOCK = 0x800;
    private const int ENXIO = 6;
    private static readonly TimeSpan ReopenWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Asks the monitor to close and reopen the log file (control message 2 on the bundle's <c>ctl</c> fifo).
    /// When the file was moved away (rotation), returns once the monitor has created the new one, so every
    /// later line lands in it; lines written before are in the moved file. FailedPrecondition when the
    /// container is not running or its monitor is gone.
    /// </summary>
    public async Task ReopenLogAsync(string id, CancellationToken ct)
    {
        var (record, _) = Require(id);
        if (record.Phase != ContainerPhase.Running)
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"container {id} is not running; its log cannot be reopened");
        }
        using var created = WaitForFile(record.LogPath);
        var ctl = Path.Combine(record.BundlePath, "ctl");
        var fd = Libc.open(ctl, Libc.O_WRONLY | O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw new CriMeshException(errno is ENXIO or Libc.ENOENT ? ErrorKind.FailedPrecondition : ErrorKind.Internal,
                $"cannot reach the monitor of {id} at {ctl}: {Libc.ErrnoName(errno)}");
        }
        using (var fifo = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, 1))
        {
            fifo.Write(Encoding.ASCII.GetBytes("2 0 0\n"));
        }
        if (!File.Exists(record.LogPath))
        {
            try
            {
                await created.Task.WaitAsync(ReopenWait, _time, ct).ConfigureAwait(false);
            }
            catch (TimeoutException) when (!File.Exists(record.LogPath))
            {
                throw new CriMeshException(ErrorKind.DeadlineExceeded, $"the monitor of {id} did not reopen {record.LogPath} within {ReopenWait.TotalSeconds}s");
            }
            catch (TimeoutException)
            {
            }
        }
        Log.LogReopened(_logger, id, record.LogPath);
    }

    /// <summary>A task completed when <paramref name="path"/> is created (inotify on its directory).</summary>
    private static FileWait WaitForFile(string path)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.FileName,
        };
        watcher.Created += (_, _) => tcs.TrySetResult();
        watcher.Renamed += (_, e) =>
        {
            if (e.FullPath == path)
            {
                tcs.TrySetResult();
            }
        };
        watcher.EnableRaisingEvents = true;
        return new FileWait(watcher, tcs);
    }

    private sealed class FileWait(FileSystemWatcher watcher, TaskCompletionSource tcs) : IDisposable
    {
        public Task Task => tcs.Task;

        public void Dispose() => watcher.Dispose();
    }
}
