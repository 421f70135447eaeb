using CriMesh.Common.Errors;

namespace CriMesh.Storaged.Store;

/// <summary>images/&lt;sha256(id)&gt;.json: an image's hold on its layer chain.</summary>
public sealed record ImageHoldRecord
{
    public int Version { get; init; } = 1;

    public required string ImageId { get; init; }

    public required string TopChainId { get; init; }

    public long CreatedUnixNano { get; init; }

    /// <summary>Image IDs are opaque to storaged but bounded and printable.</summary>
    public static void ValidateImageId(string imageId)
    {
        if (imageId.Length is 0 or > 512 || imageId.Any(char.IsControl))
        {
            throw CriMeshException.Invalid($"image id \"{imageId}\" is empty, too long or has control characters");
        }
    }
}
