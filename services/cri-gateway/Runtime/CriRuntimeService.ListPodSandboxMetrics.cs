using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    public override async Task<ListPodSandboxMetricsResponse> ListPodSandboxMetrics(ListPodSandboxMetricsRequest request, ServerCallContext context) =>
        new() { PodMetrics = { await containers.PodMetricsAsync(podDirectory.AllIds(), context.CancellationToken).ConfigureAwait(false) } };
}
