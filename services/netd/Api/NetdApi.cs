using CriMesh.Netd.Cni;
using CriMesh.Netd.Pods;
using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Api;

/// <summary>The gRPC skin of netd: one partial file per RPC, each a thin call into <see cref="PodNetworks"/>.</summary>
public sealed partial class NetdApi(PodNetworks networks, CniConfigSource configs) : Protos.Netd.V1.Netd.NetdBase
{
    private static PodNetwork ToProto(PodRecord record) => new()
    {
        SandboxId = record.SandboxId,
        NetnsPath = record.NetnsPath,
        Ips = { record.Ips },
        NetworkName = record.NetworkName,
        ConfigPath = record.ConfigPath,
        CniResultJson = record.ResultJson,
        PodName = record.PodName,
        PodNamespace = record.PodNamespace,
        PodUid = record.PodUid,
        CreatedUnixNano = record.CreatedUnixNano,
    };
}
