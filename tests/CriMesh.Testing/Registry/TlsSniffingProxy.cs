using System.Net;
using System.Net.Sockets;

namespace CriMesh.Testing.Registry;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a plain-HTTP server that counts the connections opening with a TLS
/// handshake (first byte 0x16) and closes them, and forwards every other connection to the server. Shows
/// whether a client tries TLS before each plain-HTTP request or only once.
/// </summary>
public sealed class TlsSniffingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private Task _accept = Task.CompletedTask;
    private int _tlsAttempts;
    private int _plainConnections;

    private TlsSniffingProxy(int targetPort) => _targetPort = targetPort;

    /// <summary>Starts listening; connections that are not TLS go to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public static TlsSniffingProxy Start(int targetPort)
    {
        var proxy = new TlsSniffingProxy(targetPort);
        proxy._listener.Start();
        proxy._accept = proxy.AcceptAsync();
        return proxy;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>Connections that began a TLS handshake (refused).</summary>
    public int TlsAttempts => Volatile.Read(ref _tlsAttempts);

    /// <summary>Connections forwarded as plain HTTP.</summary>
    public int PlainConnections => Volatile.Read(ref _plainConnections);

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_lock)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(HandleAsync(client));
            }
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var owned = client;
        var token = _stopping.Token;
        try
        {
            var downstream = client.GetStream();
            var first = new byte[1];
            if (await downstream.ReadAsync(first, token).ConfigureAwait(false) == 0)
            {
                return;
            }
            if (first[0] == 0x16)
            {
                Interlocked.Increment(ref _tlsAttempts);
                return;
            }
            Interlocked.Increment(ref _plainConnections);
            using var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, token).ConfigureAwait(false);
            var upstream = server.GetStream();
            await upstream.WriteAsync(first, token).ConfigureAwait(false);
            var up = downstream.CopyToAsync(upstream, token);
            var down = upstream.CopyToAsync(downstream, token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // a side went away; the connection ends
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accept.ConfigureAwait(false);
        Task[] open;
        lock (_lock)
        {
            open = [.. _connections];
        }
        await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
