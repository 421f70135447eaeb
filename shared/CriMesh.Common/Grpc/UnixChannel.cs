using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace CriMesh.Common.Grpc;

/// <summary>
/// gRPC channels over a Unix domain socket. HTTP/2 cleartext with prior knowledge: the authority is a
/// placeholder, the socket path decides where the call goes.
/// </summary>
public static class UnixChannel
{
    /// <summary>Creates a channel to the gRPC server listening on <paramref name="socketPath"/>.</summary>
    public static GrpcChannel Create(string socketPath, TimeSpan? connectTimeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, ct) => ConnectAsync(socketPath, connectTimeout ?? TimeSpan.FromSeconds(5), ct),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            EnableMultipleHttp2Connections = true,
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
    }

    /// <summary>A call invoker over <paramref name="socketPath"/> whose RpcExceptions are mapped back to <see cref="Errors.CriMeshException"/>.</summary>
    public static CallInvoker CreateInvoker(GrpcChannel channel, string peerName) =>
        channel.Intercept(new ClientErrorInterceptor(peerName));

    private static async ValueTask<Stream> ConnectAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw PeerUnreachableException.From(path, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new PeerUnreachableException(path, $"connect timed out after {timeout.TotalSeconds:0.#}s", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
