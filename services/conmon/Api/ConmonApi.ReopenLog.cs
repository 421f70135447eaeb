using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override async Task<ReopenLogResponse> ReopenLog(ReopenLogRequest request, ServerCallContext context)
    {
        await containers.ReopenLogAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
        return new ReopenLogResponse();
    }
}
