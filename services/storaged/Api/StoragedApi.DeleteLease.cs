using CriMesh.Protos.Storaged.V1;
using Grpc.Core;

namespace CriMesh.Storaged.Api;

public sealed partial class StoragedApi
{
    public override async Task<DeleteLeaseResponse> DeleteLease(DeleteLeaseRequest request, ServerCallContext context)
    {
        using var scope = Scope("DeleteLease");
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        await storage.Layers.DeleteLeaseAsync(request.LeaseId, context.CancellationToken).ConfigureAwait(false);
        return new DeleteLeaseResponse();
    }
}
