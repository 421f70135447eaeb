using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>A stream of created / started / stopped / deleted events for kubelet's evented PLEG, until the caller leaves;
    /// the response headers are sent once the stream is subscribed.</summary>
    public override Task GetContainerEvents(GetEventsRequest request, IServerStreamWriter<ContainerEventResponse> responseStream, ServerCallContext context) =>
        containers.StreamEventsAsync(e => responseStream.WriteAsync(e, context.CancellationToken),
            () => context.WriteResponseHeadersAsync(new Metadata()), context.CancellationToken);
}
