using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Idempotent (CRI): an unknown container succeeds; a running one is killed first.</summary>
    public override async Task<RemoveContainerResponse> RemoveContainer(RemoveContainerRequest request, ServerCallContext context)
    {
        await containers.RemoveAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
        return new RemoveContainerResponse();
    }
}
