using CriMesh.Protos.Netd.V1;
using Grpc.Core;

namespace CriMesh.Netd.Api;

public sealed partial class NetdApi
{
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var state = configs.Load();
        return Task.FromResult(new GetStatusResponse
        {
            NetworkReady = state.Ready,
            Reason = state.Reason,
            Message = state.Message,
            ConfigPath = state.Config?.Path ?? "",
            NetworkName = state.Config?.Name ?? "",
        });
    }
}
