using CriMesh.Protos.Netd.V1;
using Grpc.Core;

namespace CriMesh.Netd.Api;

public sealed partial class NetdApi
{
    public override async Task<CheckPodResponse> CheckPod(CheckPodRequest request, ServerCallContext context)
    {
        await networks.CheckAsync(request.SandboxId, context.CancellationToken).ConfigureAwait(false);
        return new CheckPodResponse();
    }
}
