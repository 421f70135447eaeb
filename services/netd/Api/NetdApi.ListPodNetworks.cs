using CriMesh.Protos.Netd.V1;
using Grpc.Core;

namespace CriMesh.Netd.Api;

public sealed partial class NetdApi
{
    public override async Task<ListPodNetworksResponse> ListPodNetworks(ListPodNetworksRequest request, ServerCallContext context)
    {
        var records = await networks.ListAsync(context.CancellationToken).ConfigureAwait(false);
        return new ListPodNetworksResponse { Networks = { records.Select(ToProto) } };
    }
}
