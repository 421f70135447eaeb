using System.Threading.Channels;
using CriMesh.Protos.Conmon.V1;
using Microsoft.Extensions.Logging;

namespace CriMesh.Conmon.Events;

/// <summary>
/// Fans lifecycle events out to WatchEvents streams. Each subscriber gets its own unbounded queue of the
/// events published after it subscribed; nothing is replayed (after a restart a watcher lists first).
/// </summary>
public sealed class EventHub(ILogger<EventHub> logger)
{
    private readonly Lock _lock = new();
    private readonly List<Channel<ContainerEvent>> _subscribers = [];

    public Subscription Subscribe()
    {
        var channel = Channel.CreateUnbounded<ContainerEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            _subscribers.Add(channel);
        }
        return new Subscription(this, channel);
    }

    public void Publish(ContainerEventType type, ContainerState state, long unixNano)
    {
        var e = new ContainerEvent { Type = type, State = state, TimestampUnixNano = unixNano };
        Channel<ContainerEvent>[] targets;
        lock (_lock)
        {
            targets = [.. _subscribers];
        }
        foreach (var channel in targets)
        {
            channel.Writer.TryWrite(e);
        }
        Log.EventPublished(logger, type.ToString(), state.ContainerId, targets.Length);
    }

    private void Remove(Channel<ContainerEvent> channel)
    {
        lock (_lock)
        {
            _subscribers.Remove(channel);
        }
        channel.Writer.TryComplete();
    }

    /// <summary>One subscriber's queue; dispose to unsubscribe.</summary>
    public sealed class Subscription(EventHub hub, Channel<ContainerEvent> channel) : IDisposable
    {
        public ChannelReader<ContainerEvent> Reader => channel.Reader;

        public void Dispose() => hub.Remove(channel);
    }
}
