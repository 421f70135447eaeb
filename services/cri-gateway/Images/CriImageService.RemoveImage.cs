using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using ImagedV1 = CriMesh.Protos.Imaged.V1;

namespace CriMesh.Gateway.Images;

public sealed partial class CriImageService
{
    /// <summary>
    /// Removes a tag, or the image when the reference is its last tag, a digest or the ID. Idempotent: an
    /// absent image succeeds. An image a container uses is refused with FailedPrecondition (by storaged).
    /// </summary>
    public override async Task<RemoveImageResponse> RemoveImage(RemoveImageRequest request, ServerCallContext context)
    {
        var image = RequireImage(request.Image, "RemoveImage");
        await imaged.RemoveImageAsync(new ImagedV1.RemoveImageRequest { Image = image },
            deadline: PassOn(context), cancellationToken: context.CancellationToken).ConfigureAwait(false);
        return new RemoveImageResponse();
    }
}
