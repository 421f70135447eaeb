using CriMesh.Imaged.Distribution;

namespace CriMesh.Imaged.Tests.Distribution;

public sealed class TokenCacheTests
{
    private static readonly AuthChallenge Challenge = AuthChallenge.Parse("Bearer realm=\"https://t/token\",service=\"reg\"")!;

    [Fact]
    public void TryGet_BeforeExpiry_ReusesToken()
    {
        var time = new ManualTime();
        var cache = new TokenCache(time);
        var key = TokenCache.Key(Challenge, "repository:a:pull", RegistryCredentials.Anonymous);
        cache.Put(key, "tok", TimeSpan.FromSeconds(300), null);
        time.Advance(TimeSpan.FromSeconds(200));
        Assert.True(cache.TryGet(key, out var token));
        Assert.Equal("tok", token);
    }

    [Fact]
    public void TryGet_NearExpiry_MissesSoATokenIsFetchedAgain()
    {
        var time = new ManualTime();
        var cache = new TokenCache(time);
        var key = TokenCache.Key(Challenge, "repository:a:pull", RegistryCredentials.Anonymous);
        cache.Put(key, "tok", TimeSpan.FromSeconds(60), null);
        time.Advance(TimeSpan.FromSeconds(55));
        Assert.False(cache.TryGet(key, out _));
    }

    [Fact]
    public void Key_DiffersByScopeAndCredentials()
    {
        var anon = TokenCache.Key(Challenge, "repository:a:pull", RegistryCredentials.Anonymous);
        Assert.NotEqual(anon, TokenCache.Key(Challenge, "repository:b:pull", RegistryCredentials.Anonymous));
        Assert.NotEqual(anon, TokenCache.Key(Challenge, "repository:a:pull", new RegistryCredentials("u", "p")));
    }

    [Fact]
    public void ParseTokenResponse_ReadsTokenOrAccessTokenAndLifetime()
    {
        var (t1, l1, _) = RegistrySession.ParseTokenResponse("{\"token\":\"abc\",\"expires_in\":120}"u8.ToArray(), "t");
        Assert.Equal(("abc", TimeSpan.FromSeconds(120)), (t1, l1));
        var (t2, l2, i2) = RegistrySession.ParseTokenResponse("{\"access_token\":\"xyz\",\"issued_at\":\"2026-01-01T00:00:00Z\"}"u8.ToArray(), "t");
        Assert.Equal(("xyz", TimeSpan.FromSeconds(60)), (t2, l2));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), i2);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    public void ParseTokenResponse_NoToken_ThrowsUnavailable(string body)
    {
        var e = Assert.Throws<CriMesh.Common.Errors.CriMeshException>(() => RegistrySession.ParseTokenResponse(System.Text.Encoding.UTF8.GetBytes(body), "t"));
        Assert.Equal(CriMesh.Common.Errors.ErrorKind.Unavailable, e.Kind);
    }
}
