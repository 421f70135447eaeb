using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    public override async Task<ListPodSandboxStatsResponse> ListPodSandboxStats(ListPodSandboxStatsRequest request, ServerCallContext context) =>
        new() { Stats = { await containers.ListPodStatsAsync(request.Filter, podDirectory.AllIds(), context.CancellationToken).ConfigureAwait(false) } };
}
