using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using ImagedV1 = CriMesh.Protos.Imaged.V1;

namespace CriMesh.Gateway.Images;

public sealed partial class CriImageService
{
    /// <summary>One image; an absent image is an empty response, not an error (the CRI contract).</summary>
    public override async Task<ImageStatusResponse> ImageStatus(ImageStatusRequest request, ServerCallContext context)
    {
        var image = RequireImage(request.Image, "ImageStatus");
        var query = new ImagedV1.ImageStatusRequest { Image = image, Verbose = request.Verbose };
        var status = await PeerRetry.RunAsync(ct => imaged.ImageStatusAsync(query, cancellationToken: ct).ResponseAsync,
            context.CancellationToken).ConfigureAwait(false);
        var response = new ImageStatusResponse();
        if (status.Image is { } found)
        {
            response.Image = CriImageMapper.ToCri(found);
            response.Info.Add(status.Info);
        }
        return response;
    }
}
