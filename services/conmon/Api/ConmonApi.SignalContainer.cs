using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Api;

public sealed partial class ConmonApi
{
    public override async Task<SignalContainerResponse> SignalContainer(SignalContainerRequest request, ServerCallContext context)
    {
        await containers.SignalAsync(request.ContainerId, request.Signal, context.CancellationToken).ConfigureAwait(false);
        return new SignalContainerResponse();
    }
}
