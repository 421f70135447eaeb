using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    public override async Task<StopPodSandboxResponse> StopPodSandbox(StopPodSandboxRequest request, ServerCallContext context)
    {
        await pods.StopAsync(request.PodSandboxId, context.CancellationToken).ConfigureAwait(false);
        return new StopPodSandboxResponse();
    }
}
