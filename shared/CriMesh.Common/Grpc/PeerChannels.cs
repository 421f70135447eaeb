using System.Collections.Concurrent;
using CriMesh.Common.Config;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace CriMesh.Common.Grpc;

/// <summary>
/// One channel per peer daemon, created on first use and kept for the daemon's lifetime. A channel does
/// not connect until a call is made, so a peer that is down at start-up is no problem: calls fail with
/// Unavailable (naming the peer) until it is back, and then just work.
/// </summary>
public sealed class PeerChannels(NodeOptions node) : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    /// <summary>A call invoker for <paramref name="peer"/>: default deadline, errors mapped back to kinds.</summary>
    public CallInvoker Invoker(string peer)
    {
        var channel = _channels.GetOrAdd(peer, p => UnixChannel.Create(node.SocketPath(p)));
        return channel.Intercept(new ClientErrorInterceptor(peer)).Intercept(new DefaultDeadlineInterceptor(node.PeerCallTimeout));
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
        _channels.Clear();
    }
}
