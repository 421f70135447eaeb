using CriMesh.Protos.Netd.V1;
using Grpc.Core;

namespace CriMesh.Netd.Api;

public sealed partial class NetdApi
{
    public override async Task<PodNetwork> GetPodNetwork(GetPodNetworkRequest request, ServerCallContext context) =>
        ToProto(await networks.GetAsync(request.SandboxId, context.CancellationToken).ConfigureAwait(false));
}
