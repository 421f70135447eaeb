using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    public override async Task<UpdateContainerResourcesResponse> UpdateContainerResources(UpdateContainerResourcesRequest request, ServerCallContext context)
    {
        await containers.UpdateResourcesAsync(request, context.CancellationToken).ConfigureAwait(false);
        return new UpdateContainerResourcesResponse();
    }
}
