using CriMesh.Netd.Cni;
using CriMesh.Protos.Netd.V1;
using Grpc.Core;

namespace CriMesh.Netd.Api;

/// <summary>The gRPC skin of netd.</summary>
public sealed class NetdApi(CniConfigProbe probe) : Protos.Netd.V1.Netd.NetdBase
{
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var result = probe.Probe();
        return Task.FromResult(new GetStatusResponse
        {
            NetworkReady = result.Ready,
            Reason = result.Reason,
            Message = result.Message,
            ConfigPath = result.ConfigPath,
            NetworkName = result.NetworkName,
        });
    }
}
