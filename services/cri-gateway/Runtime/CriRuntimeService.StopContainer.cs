using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Idempotent (CRI): an unknown or already stopped container succeeds.</summary>
    public override async Task<StopContainerResponse> StopContainer(StopContainerRequest request, ServerCallContext context)
    {
        await containers.StopAsync(request.ContainerId, request.Timeout, context.CancellationToken).ConfigureAwait(false);
        return new StopContainerResponse();
    }
}
