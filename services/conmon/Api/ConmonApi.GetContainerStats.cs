using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override Task<ContainerStats> GetContainerStats(GetContainerStatsRequest request, ServerCallContext context) =>
        Task.FromResult(containers.GetStats(request.ContainerId));
}
