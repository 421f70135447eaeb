using CriMesh.Common.Errors;
using CriMesh.Imaged.Distribution;

namespace CriMesh.Imaged.Tests.Distribution;

public sealed class RegistryCredentialsTests
{
    [Fact]
    public void From_AuthField_DecodesUserAndPassword()
    {
        var c = RegistryCredentials.From("", "", Convert.ToBase64String("u:p:q"u8.ToArray()), "", "");
        Assert.Equal(("u", "p:q"), (c.Username, c.Password));
    }

    [Fact]
    public void From_UsernameGiven_IgnoresAuthField()
    {
        var c = RegistryCredentials.From("alice", "pw", "garbage!", "", "");
        Assert.Equal(("alice", "pw"), (c.Username, c.Password));
    }

    [Fact]
    public void From_BadAuthField_ThrowsInvalidArgument()
    {
        var e = Assert.Throws<CriMeshException>(() => RegistryCredentials.From("", "", "!!!", "", ""));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void CacheKey_DiffersPerSecretAndNeverContainsIt()
    {
        var a = new RegistryCredentials("u", "secret1");
        var b = new RegistryCredentials("u", "secret2");
        Assert.NotEqual(a.CacheKey, b.CacheKey);
        Assert.DoesNotContain("secret", a.CacheKey, StringComparison.Ordinal);
        Assert.Equal("", RegistryCredentials.Anonymous.CacheKey);
        Assert.DoesNotContain("secret", a.ToString(), StringComparison.Ordinal);
    }
}
