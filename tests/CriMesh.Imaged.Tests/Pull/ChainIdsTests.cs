using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Pull;

namespace CriMesh.Imaged.Tests.Pull;

public sealed class ChainIdsTests
{
    [Fact]
    public void Compute_FollowsOciSpecFormula()
    {
        var d0 = Digest.Parse("sha256:" + new string('a', 64), "t");
        var d1 = Digest.Parse("sha256:" + new string('b', 64), "t");
        var chain = ChainIds.Compute([d0, d1]);
        Assert.Equal(d0.ToString(), chain[0]);
        var expected = Digest.Sha256(System.Text.Encoding.ASCII.GetBytes($"{d0} {d1}")).ToString();
        Assert.Equal(expected, chain[1]);
    }

    [Fact]
    public void Compute_Empty_IsEmpty() => Assert.Empty(ChainIds.Compute([]));
}
