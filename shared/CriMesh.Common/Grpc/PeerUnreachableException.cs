using System.Net.Sockets;

namespace CriMesh.Common.Grpc;

/// <summary>
/// Connecting to a peer's Unix socket failed: nothing answers at that path. Thrown by the channel's
/// connect step so that <see cref="ClientErrorInterceptor"/> can name the socket instead of the
/// placeholder HTTP authority ("localhost:80") the gRPC client would otherwise report.
/// </summary>
public sealed class PeerUnreachableException(string socketPath, string reason, Exception? inner = null)
    : IOException($"nothing answers at {socketPath} ({reason})", inner)
{
    public string SocketPath { get; } = socketPath;

    /// <summary>Describes why connecting to <paramref name="socketPath"/> failed, in words.</summary>
    public static PeerUnreachableException From(string socketPath, SocketException e)
    {
        var reason = e.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused: a socket file is there but no daemon listens on it",
            SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported when !File.Exists(socketPath) => "no socket file there",
            SocketError.AccessDenied => "permission denied",
            _ when !File.Exists(socketPath) => "no socket file there",
            _ => e.Message,
        };
        return new PeerUnreachableException(socketPath, reason, e);
    }

    /// <summary>The first <see cref="PeerUnreachableException"/> in <paramref name="e"/>'s chain, or null.</summary>
    public static PeerUnreachableException? Find(Exception? e)
    {
        for (var depth = 0; e is not null && depth < 16; depth++, e = e.InnerException)
        {
            if (e is PeerUnreachableException found)
            {
                return found;
            }
        }
        return null;
    }
}
