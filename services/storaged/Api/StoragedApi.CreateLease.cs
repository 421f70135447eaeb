using CriMesh.Protos.Storaged.V1;
using Grpc.Core;

namespace CriMesh.Storaged.Api;

public sealed partial class StoragedApi
{
    public override async Task<Lease> CreateLease(CreateLeaseRequest request, ServerCallContext context)
    {
        using var scope = Scope("CreateLease", imageRef: request.Purpose);
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        var lease = await storage.Layers.CreateLeaseAsync(
            TimeSpan.FromMilliseconds(request.ExpiryMillis), request.Purpose, context.CancellationToken).ConfigureAwait(false);
        return ProtoMapping.ToProto(lease);
    }
}
