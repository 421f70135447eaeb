using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override Task<ContainerState> StartContainer(StartContainerRequest request, ServerCallContext context) =>
        containers.StartAsync(request.ContainerId, context.CancellationToken);
}
