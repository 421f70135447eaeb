using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override Task<ContainerState> StopContainer(StopContainerRequest request, ServerCallContext context) =>
        containers.StopAsync(request, context.CancellationToken);
}
