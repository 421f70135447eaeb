using CriMesh.Common.Images;
using CriMesh.Imaged.Manifests;

namespace CriMesh.Imaged.Pull;

/// <summary>The chain IDs of an image's layers, bottom first (see <see cref="ChainId"/>).</summary>
public static class ChainIds
{
    public static IReadOnlyList<string> Compute(IReadOnlyList<Digest> diffIds)
    {
        var result = new List<string>(diffIds.Count);
        var previous = "";
        foreach (var diff in diffIds)
        {
            previous = ChainId.Of(previous, diff.ToString());
            result.Add(previous);
        }
        return result;
    }
}
