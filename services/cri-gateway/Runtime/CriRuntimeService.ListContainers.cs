using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    public override async Task<ListContainersResponse> ListContainers(ListContainersRequest request, ServerCallContext context) =>
        new() { Containers = { await containers.ListAsync(request.Filter, context.CancellationToken).ConfigureAwait(false) } };
}
