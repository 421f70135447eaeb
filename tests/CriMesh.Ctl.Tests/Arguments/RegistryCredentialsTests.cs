using CriMesh.Ctl.Arguments;

namespace CriMesh.Ctl.Tests.Arguments;

public sealed class RegistryCredentialsTests
{
    [Fact]
    public void FromCreds_UserAndPassword_SplitsAtColon()
    {
        var auth = RegistryCredentials.FromCreds("puller:s3cret");

        Assert.Equal("puller", auth.Username);
        Assert.Equal("s3cret", auth.Password);
        Assert.Equal("", auth.Auth);
    }

    [Fact]
    public void FromCreds_UserOnly_SendsEmptyPassword()
    {
        var auth = RegistryCredentials.FromCreds("puller");

        Assert.Equal("puller", auth.Username);
        Assert.Equal("", auth.Password);
    }

    [Fact]
    public void FromCreds_PasswordWithColons_KeepsEverythingAfterFirstColon()
    {
        var auth = RegistryCredentials.FromCreds("puller:a:b::c");

        Assert.Equal("puller", auth.Username);
        Assert.Equal("a:b::c", auth.Password);
    }

    [Fact]
    public void FromCreds_UserWithEmptyPassword_KeepsEmptyPassword()
    {
        Assert.Equal("", RegistryCredentials.FromCreds("puller:").Password);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":s3cret")]
    [InlineData(":")]
    public void FromCreds_NoUser_ThrowsUsageException(string creds)
    {
        Assert.Throws<UsageException>(() => RegistryCredentials.FromCreds(creds));
    }

    [Fact]
    public void FromAuth_Base64_GoesIntoAuthField()
    {
        var auth = RegistryCredentials.FromAuth("cHVsbGVyOnMzY3JldA==");

        Assert.Equal("cHVsbGVyOnMzY3JldA==", auth.Auth);
        Assert.Equal("", auth.Username);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("abc")]
    public void FromAuth_NotBase64_ThrowsUsageException(string value)
    {
        Assert.Throws<UsageException>(() => RegistryCredentials.FromAuth(value));
    }

    [Fact]
    public void FromFlags_BothCredsAndAuth_ThrowsUsageException()
    {
        Assert.Throws<UsageException>(() => RegistryCredentials.FromFlags("u:p", "dTpw"));
    }

    [Fact]
    public void FromFlags_Neither_ReturnsNull()
    {
        Assert.Null(RegistryCredentials.FromFlags(null, null));
    }
}
