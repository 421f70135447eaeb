using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using ImagedV1 = CriMesh.Protos.Imaged.V1;

namespace CriMesh.Gateway.Images;

public sealed partial class CriImageService
{
    /// <summary>All images, or those the filter's reference, ID or ID prefix names.</summary>
    public override async Task<ListImagesResponse> ListImages(ListImagesRequest request, ServerCallContext context)
    {
        var list = await imaged.ListImagesAsync(new ImagedV1.ListImagesRequest { FilterImage = request.Filter?.Image?.Image ?? "" },
            cancellationToken: context.CancellationToken).ConfigureAwait(false);
        var response = new ListImagesResponse();
        response.Images.AddRange(list.Images.Select(CriImageMapper.ToCri));
        return response;
    }
}
