using CriMesh.Conmon.Containers;
using CriMesh.Conmon.Events;
using CriMesh.Conmon.Runtime;
using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

/// <summary>The gRPC skin of the conmon daemon: one partial file per RPC, each a thin call into <see cref="ContainerManager"/>.</summary>
public sealed partial class ConmonApi(RuntimeStatus status, ContainerManager containers, EventHub events)
    : Protos.Conmon.V1.Conmon.ConmonBase
{
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context) =>
        status.GetAsync(context.CancellationToken);
}
