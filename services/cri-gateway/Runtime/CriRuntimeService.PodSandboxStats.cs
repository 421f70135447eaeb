using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    public override async Task<PodSandboxStatsResponse> PodSandboxStats(PodSandboxStatsRequest request, ServerCallContext context) =>
        new() { Stats = await containers.PodStatsAsync(request.PodSandboxId, context.CancellationToken).ConfigureAwait(false) };
}
