using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Creates a container in a ready pod (see ContainerManager.CreateAsync; parks a create that outlives the deadline).</summary>
    public override async Task<CreateContainerResponse> CreateContainer(CreateContainerRequest request, ServerCallContext context) =>
        new() { ContainerId = await containers.CreateAsync(request, context.CancellationToken).ConfigureAwait(false) };
}
