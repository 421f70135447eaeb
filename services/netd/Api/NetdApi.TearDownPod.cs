using CriMesh.Protos.Netd.V1;
using Grpc.Core;

namespace CriMesh.Netd.Api;

public sealed partial class NetdApi
{
    public override async Task<TearDownPodResponse> TearDownPod(TearDownPodRequest request, ServerCallContext context)
    {
        await networks.TearDownAsync(request.SandboxId, context.CancellationToken).ConfigureAwait(false);
        return new TearDownPodResponse();
    }
}
