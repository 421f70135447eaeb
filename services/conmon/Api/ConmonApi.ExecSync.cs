using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override Task<ExecSyncResponse> ExecSync(ExecSyncRequest request, ServerCallContext context) =>
        containers.ExecSyncAsync(request, context.CancellationToken);
}
