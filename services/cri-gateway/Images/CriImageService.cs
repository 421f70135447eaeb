using CriMesh.Common.Errors;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using ImagedV1 = CriMesh.Protos.Imaged.V1;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.Gateway.Images;

/// <summary>
/// The CRI ImageService: a thin skin over imaged (pulls, references, removal) and storaged (the image
/// filesystem's usage). One partial file per RPC. Errors from the peers keep their kind.
/// </summary>
public sealed partial class CriImageService(
    ImagedV1.Imaged.ImagedClient imaged,
    StoragedV1.Storaged.StoragedClient storaged) : ImageService.ImageServiceBase
{
    /// <summary>The image named by <paramref name="spec"/>; InvalidArgument when none is named.</summary>
    private static string RequireImage(ImageSpec? spec, string rpc)
    {
        var image = spec?.Image ?? "";
        return image.Length > 0 ? image : throw CriMeshException.Invalid($"{rpc}: image is empty");
    }

    /// <summary>The caller's deadline passed on to imaged (none stays none; the peer default applies only to short calls).</summary>
    private static DateTime PassOn(ServerCallContext context) => context.Deadline;
}
