using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override Task<ContainerState> GetContainer(GetContainerRequest request, ServerCallContext context) =>
        Task.FromResult(containers.Get(request.ContainerId));
}
