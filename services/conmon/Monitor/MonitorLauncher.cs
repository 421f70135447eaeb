using System.Globalization;
using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;
using CriMesh.Linux.Processes;
using Microsoft.Extensions.Logging;

namespace CriMesh.Conmon.Monitor;

/// <summary>
/// Starts one monitor (the conmon binary) for a container and waits until it reports the result of
/// <c>runtime create</c> on its sync pipe. The monitor double-forks and setsid()s, so it outlives this
/// daemon; while the daemon lives it is the monitor's reaper (child subreaper).
/// </summary>
public sealed class MonitorLauncher(ILogger<MonitorLauncher> logger)
{
    private const int SyncFd = 3;
    private const int MaxSyncLine = 64 * 1024;

    /// <summary>The container's PID and the monitor's PID after a successful create.</summary>
    public readonly record struct Started(int ContainerPid, int MonitorPid);

    public async Task<Started> StartAsync(MonitorRequest request, TimeSpan timeout, CancellationToken ct)
    {
        var (syncRead, syncWrite) = Libc.Pipe();
        using var readEnd = syncRead;
        int pid;
        using (syncWrite)
        using (var log = OpenMonitorLog(request.BundlePath))
        {
            // stdin /dev/null, stdout and stderr to the monitor log, the sync pipe's write end at fd 3.
            pid = ProcessSpawner.Spawn(
                request.Handler.MonitorPath,
                [request.Handler.MonitorPath, .. MonitorArguments.Build(request)],
                ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", $"_OCI_SYNCPIPE={SyncFd}"],
                request.BundlePath,
                stdinFd: -1,
                stdoutFd: log.Fd,
                stderrFd: log.Fd,
                extraFds: [(syncWrite.Fd, SyncFd)]);
        }
        Log.MonitorSpawned(logger, request.ContainerId, pid);
        var firstExit = await Task.Run(() => WaitForExit(pid), CancellationToken.None).ConfigureAwait(false);
        if (firstExit != 0)
        {
            throw new CriMeshException(ErrorKind.Internal,
                $"monitor for {request.ContainerId} exited with {firstExit} before forking: {ReadMonitorLog(request.BundlePath)}");
        }
        var monitorPid = ReadPidFile(Path.Combine(request.BundlePath, MonitorArguments.MonitorPidFile));
        var line = await ReadLineBoundedAsync(readEnd, monitorPid, timeout, request.ContainerId, ct).ConfigureAwait(false);
        var message = SyncMessage.Parse(line);
        if (message is not { Data: > 0 } ok)
        {
            var why = message?.Message is { Length: > 0 } m ? m.Trim() : ReadMonitorLog(request.BundlePath);
            throw new CriMeshException(ErrorKind.Internal,
                $"{request.Handler.Name} create {request.ContainerId} failed: {(why.Length > 0 ? why : "no message from the runtime")}");
        }
        return new Started(ok.Data, monitorPid);
    }

    /// <summary>The PID in a pid file, or 0 when it is missing or malformed.</summary>
    public static int ReadPidFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Reads the first sync line on a dedicated thread; when <paramref name="timeout"/> or the caller's token
    /// fires first, SIGKILLs the monitor's process group (monitor and runtime), which ends the read with EOF.
    /// </summary>
    private static async Task<byte[]> ReadLineBoundedAsync(SafeFd readEnd, int monitorPid, TimeSpan timeout, string id, CancellationToken ct)
    {
        var read = Task.Factory.StartNew(() => ReadLine(readEnd), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            return await read.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            if (monitorPid > 0)
            {
                Libc.Kill(-monitorPid, 9);
            }
            await read.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
            throw e is TimeoutException
                ? new CriMeshException(ErrorKind.DeadlineExceeded, $"create of {id} did not finish within {timeout.TotalSeconds:0.#}s")
                : new CriMeshException(ErrorKind.Cancelled, $"create of {id} cancelled");
        }
    }

    private static byte[] ReadLine(SafeFd fd)
    {
        var buffer = new byte[MaxSyncLine];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = Libc.Read(fd, buffer.AsSpan(length));
            if (n == 0)
            {
                break;
            }
            length += n;
            if (buffer.AsSpan(0, length).Contains((byte)'\n'))
            {
                break;
            }
        }
        var end = buffer.AsSpan(0, length).IndexOf((byte)'\n');
        return buffer.AsSpan(0, end >= 0 ? end : length).ToArray();
    }

    private static int WaitForExit(int pid)
    {
        while (true)
        {
            var r = Libc.waitpid(pid, out var status, 0);
            if (r == pid)
            {
                // WIFEXITED: low 7 bits zero; WEXITSTATUS: bits 8-15. A signal death reports 128+N.
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            }
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR)
            {
                // ECHILD: someone else reaped it (the orphan reaper); the sync pipe tells the outcome.
                return 0;
            }
        }
    }

    private static SafeFd OpenMonitorLog(string bundle)
    {
        var path = Path.Combine(bundle, MonitorArguments.MonitorLogFile);
        return new SafeFd(Libc.Check(Libc.open(path, Libc.O_WRONLY | Libc.O_CREAT | 0x400 /* O_APPEND */ | Libc.O_CLOEXEC, 0x180), "open", path));
    }

    private static string ReadMonitorLog(string bundle)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(bundle, MonitorArguments.MonitorLogFile), Encoding.UTF8).Trim();
            return text.Length > 2000 ? text[^2000..] : text;
        }
        catch (IOException)
        {
            return "";
        }
    }
}
