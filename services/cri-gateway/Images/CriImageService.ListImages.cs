using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using ImagedV1 = CriMesh.Protos.Imaged.V1;

namespace CriMesh.Gateway.Images;

public sealed partial class CriImageService
{
    /// <summary>All images, or those the filter's reference, ID or ID prefix names.</summary>
    public override async Task<ListImagesResponse> ListImages(ListImagesRequest request, ServerCallContext context)
    {
        var query = new ImagedV1.ListImagesRequest { FilterImage = request.Filter?.Image?.Image ?? "" };
        var list = await PeerRetry.RunAsync(ct => imaged.ListImagesAsync(query, cancellationToken: ct).ResponseAsync,
            context.CancellationToken).ConfigureAwait(false);
        var response = new ListImagesResponse();
        response.Images.AddRange(list.Images.Select(CriImageMapper.ToCri));
        return response;
    }
}
