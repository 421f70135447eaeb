using CriMesh.Protos.Runtime.V1;
using ImagedV1 = CriMesh.Protos.Imaged.V1;

namespace CriMesh.Gateway.Images;

/// <summary>imaged's image message to the CRI's.</summary>
internal static class CriImageMapper
{
    public static Image ToCri(ImagedV1.Image image)
    {
        var cri = new Image
        {
            Id = image.Id,
            // kubelet treats 0 as unknown; an image always has at least its config.
            Size = (ulong)Math.Max(1, image.Size),
            Username = image.Username,
            Spec = new ImageSpec { Image = image.Id },
        };
        cri.RepoTags.AddRange(image.RepoTags);
        cri.RepoDigests.AddRange(image.RepoDigests);
        if (image.HasUid)
        {
            cri.Uid = new Int64Value { Value = image.Uid };
        }
        return cri;
    }
}
