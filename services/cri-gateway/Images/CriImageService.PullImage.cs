using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using ImagedV1 = CriMesh.Protos.Imaged.V1;

namespace CriMesh.Gateway.Images;

public sealed partial class CriImageService
{
    /// <summary>Pulls through imaged with the request's credentials; kubelet's deadline and cancellation go along.</summary>
    public override async Task<PullImageResponse> PullImage(PullImageRequest request, ServerCallContext context)
    {
        var image = RequireImage(request.Image, "PullImage");
        var pull = new ImagedV1.PullImageRequest { Image = image };
        if (request.Auth is { } a)
        {
            pull.Auth = new ImagedV1.AuthConfig
            {
                Username = a.Username,
                Password = a.Password,
                Auth = a.Auth,
                ServerAddress = a.ServerAddress,
                IdentityToken = a.IdentityToken,
                RegistryToken = a.RegistryToken,
            };
        }
        var response = await imaged.PullImageAsync(pull, deadline: PassOn(context), cancellationToken: context.CancellationToken).ConfigureAwait(false);
        return new PullImageResponse { ImageRef = response.ImageRef };
    }
}
