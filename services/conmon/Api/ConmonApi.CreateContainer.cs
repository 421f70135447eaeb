using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override Task<ContainerState> CreateContainer(CreateContainerRequest request, ServerCallContext context) =>
        containers.CreateAsync(request, context.CancellationToken);
}
