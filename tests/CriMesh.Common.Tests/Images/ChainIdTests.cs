using CriMesh.Common.Images;

namespace CriMesh.Common.Tests.Images;

public sealed class ChainIdTests
{
    [Fact]
    public void ListOf_FollowsOciSpecFormula()
    {
        var d0 = Digest.Parse("sha256:" + new string('a', 64), "t");
        var d1 = Digest.Parse("sha256:" + new string('b', 64), "t");
        var chain = ChainId.ListOf([d0, d1]);
        Assert.Equal(d0.ToString(), chain[0]);
        var expected = Digest.Sha256(System.Text.Encoding.ASCII.GetBytes($"{d0} {d1}")).ToString();
        Assert.Equal(expected, chain[1]);
    }

    [Fact]
    public void ListOf_Empty_IsEmpty() => Assert.Empty(ChainId.ListOf([]));

    [Theory]
    [InlineData("sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("sha256:" + "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [InlineData("sha256:../../etc/passwd", false)]
    [InlineData("sha512:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [InlineData("", false)]
    public void IsSha256_AcceptsOnlyLowercaseSha256(string text, bool expected) => Assert.Equal(expected, Digest.IsSha256(text));
}
