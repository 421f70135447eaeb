using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    /// <summary>Streams events published after the call until the client cancels or the daemon stops.</summary>
    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<ContainerEvent> responseStream, ServerCallContext context)
    {
        using var subscription = events.Subscribe();
        // Headers first, so a client knows it is subscribed before the first event.
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(e, context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
    }
}
