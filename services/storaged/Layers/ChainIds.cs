using CriMesh.Common.Errors;

namespace CriMesh.Storaged.Layers;

/// <summary>Checks of the digests storaged is given (chain IDs themselves come from <see cref="Common.Images.ChainId"/>).</summary>
public static class ChainIds
{
    /// <summary>Throws InvalidArgument unless <paramref name="digest"/> is "sha256:" and 64 lowercase hex digits.</summary>
    public static void Validate(string digest, string what)
    {
        if (!IsSha256(digest))
        {
            throw CriMeshException.Invalid($"{what} \"{digest}\" is not a sha256 digest (sha256:<64 hex digits>)");
        }
    }

    public static bool IsSha256(string digest) =>
        digest.Length == 71 && digest.StartsWith("sha256:", StringComparison.Ordinal)
        && digest.AsSpan(7).IndexOfAnyExcept("0123456789abcdef") < 0;
}
