using CriMesh.Gateway.Pods;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Visible pods only: not those still being created, nor parked ones awaiting their retry.</summary>
    public override Task<ListPodSandboxResponse> ListPodSandbox(ListPodSandboxRequest request, ServerCallContext context)
    {
        var response = new ListPodSandboxResponse();
        response.Items.Add(pods.Store.All
            .Where(r => r.State != PodState.Creating && !r.Parked && PodStatusMapper.Matches(r, request.Filter))
            .OrderBy(r => r.CreatedAtNs)
            .Select(PodStatusMapper.ToListItem));
        return Task.FromResult(response);
    }
}
