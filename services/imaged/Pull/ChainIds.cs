using System.Security.Cryptography;
using System.Text;
using CriMesh.Imaged.Manifests;

namespace CriMesh.Imaged.Pull;

/// <summary>Layer chain IDs per the OCI image spec: chain(L0) = diff(L0); chain(Ln) = sha256(chain(Ln-1) + " " + diff(Ln)).</summary>
public static class ChainIds
{
    public static IReadOnlyList<string> Compute(IReadOnlyList<Digest> diffIds)
    {
        var result = new List<string>(diffIds.Count);
        string? previous = null;
        foreach (var diff in diffIds)
        {
            previous = previous is null
                ? diff.ToString()
                : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"{previous} {diff}")));
            result.Add(previous);
        }
        return result;
    }
}
