using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Each of stdout and stderr is capped at 16 MiB (ContainerManager.ExecSyncMaxOutputBytes); the rest is dropped.</summary>
    public override Task<ExecSyncResponse> ExecSync(ExecSyncRequest request, ServerCallContext context) =>
        containers.ExecSyncAsync(request, context.CancellationToken);
}
