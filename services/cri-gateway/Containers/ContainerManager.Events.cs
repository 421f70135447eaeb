using CriMesh.Common.Errors;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using ConmonV1 = CriMesh.Protos.Conmon.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    /// <summary>How often a broken conmon event stream is re-opened before the call gives up (one try a second).</summary>
    private const int MaxResubscribes = 600;

    /// <summary>
    /// GetContainerEvents: conmon's lifecycle events as the CRI's, each with the container's and its pod's
    /// status (kubelet's evented PLEG needs both). A conmon restart re-opens the stream; events for
    /// containers the gateway does not hold (other clients of conmon) are dropped. <paramref name="subscribed"/>
    /// runs once conmon's stream is open (the RPC then sends its headers, so a caller knows no later event is missed).
    /// </summary>
    public async Task StreamEventsAsync(Func<ContainerEventResponse, Task> write, Func<Task> subscribed, CancellationToken ct)
    {
        var announced = false;
        for (var attempt = 0; attempt < MaxResubscribes && !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                using var call = conmon.WatchEvents(new ConmonV1.WatchEventsRequest(), cancellationToken: ct);
                await call.ResponseHeadersAsync.ConfigureAwait(false);
                if (attempt == 0 && !announced)
                {
                    announced = true;
                    await subscribed().ConfigureAwait(false);
                }
                while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                {
                    attempt = 0;
                    if (ToCriEvent(call.ResponseStream.Current) is { } e) await write(e).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is CriMeshException { Kind: ErrorKind.Unavailable } or RpcException)
            {
                Log.ContainerEventsInterrupted(logger, e.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false);
        }
        ct.ThrowIfCancellationRequested();
        throw new CriMeshException(ErrorKind.Unavailable, "conmon's event stream stayed unavailable; call again");
    }

    private ContainerEventResponse? ToCriEvent(ConmonV1.ContainerEvent e)
    {
        var id = e.State?.ContainerId ?? "";
        var record = store.Get(id);
        // conmon's "created" comes before the gateway writes the record: a create at work still counts.
        if (record is null && e.Type != ConmonV1.ContainerEventType.ContainerEventDeleted && !creating.ContainsKey(id)) return null;
        var type = e.Type switch
        {
            ConmonV1.ContainerEventType.ContainerEventCreated => ContainerEventType.ContainerCreatedEvent,
            ConmonV1.ContainerEventType.ContainerEventStarted => ContainerEventType.ContainerStartedEvent,
            ConmonV1.ContainerEventType.ContainerEventStopped => ContainerEventType.ContainerStoppedEvent,
            ConmonV1.ContainerEventType.ContainerEventDeleted => ContainerEventType.ContainerDeletedEvent,
            _ => (ContainerEventType?)null,
        };
        if (type is null) return null;
        var sandboxId = record?.SandboxId ?? e.State!.SandboxId;
        var response = new ContainerEventResponse
        {
            ContainerId = id, ContainerEventType = type.Value, CreatedAt = e.TimestampUnixNano,
            PodSandboxStatus = pods.StatusOf(sandboxId) ?? new PodSandboxStatus { Id = sandboxId, State = PodSandboxState.SandboxNotready },
        };
        response.ContainersStatuses.Add(record is not null
            ? ContainerMapper.ToStatus(record, e.State)
            : new ContainerStatus { Id = id, State = ContainerMapper.State(e.State), CreatedAt = e.State?.CreatedUnixNano ?? 0 });
        return response;
    }
}
