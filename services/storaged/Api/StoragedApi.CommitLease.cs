using CriMesh.Protos.Storaged.V1;
using Grpc.Core;

namespace CriMesh.Storaged.Api;

public sealed partial class StoragedApi
{
    public override async Task<CommitLeaseResponse> CommitLease(CommitLeaseRequest request, ServerCallContext context)
    {
        using var scope = Scope("CommitLease", imageRef: request.ImageId);
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        await storage.Layers.CommitLeaseAsync(request.LeaseId, request.ImageId, request.TopChainId, context.CancellationToken).ConfigureAwait(false);
        return new CommitLeaseResponse();
    }
}
