using System.Net.Sockets;
using CriMesh.Common.State;
using CriMesh.Linux.Interop;

namespace CriMesh.Common.Hosting;

/// <summary>
/// Makes a daemon's socket path safe to listen on. One daemon per socket: the lock file
/// <c>&lt;socket&gt;.lock</c> is held for the daemon's lifetime; a second instance fails to take it and
/// refuses to start. With the lock held, a leftover socket file is stale (its daemon died) and is
/// replaced; a path that is not a socket is never deleted.
/// </summary>
public sealed class SocketGuard : IDisposable
{
    private readonly FileLock _lock;
    private bool _ownsSocket = true;

    private SocketGuard(FileLock fileLock, string socketPath)
    {
        _lock = fileLock;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>Takes the daemon lock and clears a stale socket; throws <see cref="InvalidOperationException"/> when another daemon holds it.</summary>
    public static SocketGuard Acquire(string socketPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(socketPath))!;
        Directory.CreateDirectory(dir);
        var fileLock = FileLock.TryAcquire(socketPath + ".lock", exclusive: true)
            ?? throw new InvalidOperationException($"another daemon is serving {socketPath} (its lock {socketPath}.lock is held)");
        try
        {
            ClearStale(socketPath);
            return new SocketGuard(fileLock, socketPath);
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
    }

    /// <summary>Takes only the daemon lock, for a socket systemd created and passed (socket activation).</summary>
    public static SocketGuard AcquireLockOnly(string socketPath)
    {
        var fileLock = FileLock.TryAcquire(socketPath + ".lock", exclusive: true)
            ?? throw new InvalidOperationException($"another daemon is serving {socketPath} (its lock {socketPath}.lock is held)");
        return new SocketGuard(fileLock, socketPath) { _ownsSocket = false };
    }

    /// <summary>True when something accepts connections on <paramref name="socketPath"/>.</summary>
    public static bool IsLive(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void ClearStale(string socketPath)
    {
        var mode = Libc.LstatMode(socketPath);
        if (mode is null)
        {
            return;
        }
        if ((mode.Value & Libc.S_IFMT) != Libc.S_IFSOCK)
        {
            throw new InvalidOperationException($"{socketPath} exists and is not a socket; refusing to replace it");
        }
        if (IsLive(socketPath))
        {
            throw new InvalidOperationException($"{socketPath} is served by a live process that does not hold its lock; refusing to replace it");
        }
        File.Delete(socketPath);
    }

    public void Dispose()
    {
        try
        {
            if (_ownsSocket && Libc.IsSocket(SocketPath))
            {
                File.Delete(SocketPath);
            }
        }
        catch (IOException)
        {
        }
        _lock.Dispose();
    }
}
