using System.Security.Cryptography;
using System.Text;
using CriMesh.Common.Errors;

namespace CriMesh.Storaged.Layers;

/// <summary>OCI chain IDs: ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)).</summary>
public static class ChainIds
{
    public static string Of(string parentChainId, string diffId) =>
        parentChainId.Length == 0
            ? diffId
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(parentChainId + " " + diffId)));

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
