using CriMesh.Conmon.Runtime;
using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

/// <summary>The gRPC skin of the conmon daemon.</summary>
public sealed class ConmonApi(RuntimeStatus status) : Protos.Conmon.V1.Conmon.ConmonBase
{
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context) =>
        status.GetAsync(context.CancellationToken);
}
