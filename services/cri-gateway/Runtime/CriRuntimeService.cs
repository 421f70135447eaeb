using CriMesh.Gateway.Options;
using CriMesh.Gateway.Peers;
using CriMesh.Gateway.Pods;
using CriMesh.Protos.Conmon.V1;
using CriMesh.Protos.Netd.V1;
using Microsoft.Extensions.Logging;

namespace CriMesh.Gateway.Runtime;

/// <summary>
/// The CRI RuntimeService. One partial file per RPC (<c>CriRuntimeService.Version.cs</c>, ...); an RPC
/// not overridden here answers Unimplemented from the generated base, until its issue lands.
/// </summary>
public sealed partial class CriRuntimeService(
    GatewayOptions options,
    PeerHealth peerHealth,
    Netd.NetdClient netd,
    Conmon.ConmonClient conmon,
    PodSandboxManager pods,
    TimeProvider timeProvider,
    Containers.ContainerManager containers,
    Containers.IPodDirectory podDirectory,
    ILogger<CriRuntimeService> logger) : Protos.Runtime.V1.RuntimeService.RuntimeServiceBase
{
}
