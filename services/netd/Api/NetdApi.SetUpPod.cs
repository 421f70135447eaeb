using CriMesh.Netd.Pods;
using CriMesh.Protos.Netd.V1;
using Grpc.Core;

namespace CriMesh.Netd.Api;

public sealed partial class NetdApi
{
    public override async Task<SetUpPodResponse> SetUpPod(SetUpPodRequest request, ServerCallContext context)
    {
        var record = await networks.SetUpAsync(PodSetup.From(request), context.CancellationToken).ConfigureAwait(false);
        return new SetUpPodResponse { Network = ToProto(record) };
    }
}
