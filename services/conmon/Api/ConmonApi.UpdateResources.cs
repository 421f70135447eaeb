using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override async Task<UpdateResourcesResponse> UpdateResources(UpdateResourcesRequest request, ServerCallContext context)
    {
        await containers.UpdateResourcesAsync(request.ContainerId, request.ResourcesJson, context.CancellationToken).ConfigureAwait(false);
        return new UpdateResourcesResponse();
    }
}
