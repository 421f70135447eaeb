using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override async Task<DeleteContainerResponse> DeleteContainer(DeleteContainerRequest request, ServerCallContext context)
    {
        await containers.DeleteAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
        return new DeleteContainerResponse();
    }
}
