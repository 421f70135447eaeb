using System.Security.Cryptography;
using System.Text;

namespace CriMesh.Common.Images;

/// <summary>
/// OCI layer chain IDs (image spec, config.md): ChainID(L0) = DiffID(L0);
/// ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)). imaged and storaged both derive them and
/// must agree to the byte, so there is one implementation.
/// </summary>
public static class ChainId
{
    /// <summary>The chain ID of a layer with <paramref name="diffId"/> on top of <paramref name="parentChainId"/> ("" for none).</summary>
    public static string Of(string parentChainId, string diffId) =>
        parentChainId.Length == 0
            ? diffId
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(parentChainId + " " + diffId)));

    /// <summary>The chain IDs of an image's layers, bottom first.</summary>
    public static IReadOnlyList<string> ListOf(IReadOnlyList<Digest> diffIds)
    {
        var result = new List<string>(diffIds.Count);
        var previous = "";
        foreach (var diff in diffIds)
        {
            previous = Of(previous, diff.ToString());
            result.Add(previous);
        }
        return result;
    }
}
