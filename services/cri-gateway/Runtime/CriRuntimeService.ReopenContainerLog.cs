using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    public override async Task<ReopenContainerLogResponse> ReopenContainerLog(ReopenContainerLogRequest request, ServerCallContext context)
    {
        await containers.ReopenLogAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
        return new ReopenContainerLogResponse();
    }
}
