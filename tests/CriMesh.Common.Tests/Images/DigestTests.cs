using CriMesh.Common.Images;

namespace CriMesh.Common.Tests.Images;

public sealed class DigestTests
{
    [Theory]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", true)]
    [InlineData("sha512:" + "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e", true)]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", false)]
    [InlineData("sha256:e3b0", false)]
    [InlineData("sha256:../../../../../../../../../../../../../../../../../../../../etc/passwd", false)]
    [InlineData("sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709", false)]
    [InlineData(":abc", false)]
    [InlineData("sha256", false)]
    public void TryParse_Text_AcceptsOnlyCanonicalDigests(string text, bool valid) => Assert.Equal(valid, Digest.TryParse(text, out _));

    [Fact]
    public void Sha256_Empty_IsWellKnown()
    {
        var d = Digest.Sha256([]);
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", d.ToString());
        Assert.True(d.Matches([]));
        Assert.False(d.Matches([1]));
    }
}
