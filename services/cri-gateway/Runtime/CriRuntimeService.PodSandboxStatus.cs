using CriMesh.Gateway.Pods;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    public override Task<PodSandboxStatusResponse> PodSandboxStatus(PodSandboxStatusRequest request, ServerCallContext context)
    {
        var record = pods.Store.Resolve(request.PodSandboxId);
        var response = new PodSandboxStatusResponse
        {
            Status = PodStatusMapper.ToStatus(record),
            Timestamp = (timeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100,
        };
        if (request.Verbose)
        {
            response.Info.Add("info", PodStatusMapper.VerboseInfo(record, pods.CgroupDriver));
        }
        return Task.FromResult(response);
    }
}
