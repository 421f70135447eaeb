using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Registry;

namespace CriMesh.Imaged.Tests.Distribution;

/// <summary>
/// The credentials of a pull go only to the registry they were given for (server_address, else the reference's
/// registry as kubelet wrote it): never to other search registries, a mirror or a rewritten location on
/// another host. The token servers' logs show which user asked for a token at which registry.
/// Tests in this class share the fixture's logs, so they do not run in parallel (one class, one collection).
/// </summary>
public sealed class CredentialRoutingTests : IClassFixture<TwoRegistriesFixture>
{
    private readonly TwoRegistriesFixture _r;

    public CredentialRoutingTests(TwoRegistriesFixture registries)
    {
        _r = registries;
        _r.Reset();
    }

    private static AuthConfig Alice => new() { Username = TwoRegistriesFixture.User, Password = TwoRegistriesFixture.Password };

    private static List<string?> Users(TokenServer tokens) => tokens.Requests.Select(r => r.User).Distinct().ToList();

    private Task<ImagedHost> StartAsync(string registriesConf = "") => ImagedHost.StartAsync(_r.InsecureKeys, registriesConf);

    [Fact]
    public async Task Qualified_WithoutServerAddress_OnlyItsRegistryGetsThem()
    {
        await using var host = await StartAsync();
        await host.Client.PullImageAsync(new PullImageRequest { Image = _r.A.Reference("lib/img", "latest"), Auth = Alice });
        Assert.Equal([TwoRegistriesFixture.User], Users(_r.TokensA));
        Assert.Empty(_r.TokensB.Requests);
    }

    [Fact]
    public async Task ShortName_WithoutServerAddress_NoSearchRegistryGetsThem()
    {
        await using var host = await StartAsync($"unqualified-search-registries = [\"{_r.A.Host}\", \"{_r.B.Host}\"]");
        await host.Client.PullImageAsync(new PullImageRequest { Image = "only-b:latest", Auth = Alice });
        // Both were asked (A has no such image, B served it), and both anonymously: the credentials were docker.io's.
        Assert.Equal([null], Users(_r.TokensA));
        Assert.Equal([null], Users(_r.TokensB));
    }

    [Fact]
    public async Task ShortName_ServerAddressNamesSecondSearchRegistry_OnlyItGetsThem()
    {
        await using var host = await StartAsync($"unqualified-search-registries = [\"{_r.A.Host}\", \"{_r.B.Host}\"]");
        await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = "only-b:latest",
            Auth = new AuthConfig(Alice) { ServerAddress = "http://" + _r.B.Host },
        });
        Assert.Equal([null], Users(_r.TokensA));
        Assert.Equal([TwoRegistriesFixture.User], Users(_r.TokensB));
    }

    [Fact]
    public async Task LocationRewrite_ToAnotherHost_GetsNoCredentials()
    {
        var conf = $"""
            [[registry]]
            prefix = "{_r.A.Host}/moved"
            location = "{_r.B.Host}/lib"
            insecure = true
            """;
        await using var host = await StartAsync(conf);
        await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_r.A.Host}/moved/img:latest", Auth = Alice });
        Assert.Empty(_r.TokensA.Requests);
        Assert.Equal([null], Users(_r.TokensB));
    }

    [Fact]
    public async Task MirrorOnAnotherHost_GetsNoCredentials()
    {
        var conf = $"""
            [[registry]]
            prefix = "{_r.A.Host}"
            location = "{_r.A.Host}"
            insecure = true
            [[registry.mirror]]
            location = "{_r.B.Host}"
            insecure = true
            """;
        await using var host = await StartAsync(conf);
        await host.Client.PullImageAsync(new PullImageRequest { Image = _r.A.Reference("lib/img", "latest"), Auth = Alice });
        Assert.Equal([null], Users(_r.TokensB));
        Assert.Empty(_r.TokensA.Requests);
    }

    [Fact]
    public async Task ServerAddressNamesAnotherHost_TheImagesRegistryGetsNone()
    {
        await using var host = await StartAsync();
        await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = _r.A.Reference("lib/img", "latest"),
            Auth = new AuthConfig(Alice) { ServerAddress = _r.B.Host },
        });
        Assert.Equal([null], Users(_r.TokensA));
        Assert.Empty(_r.TokensB.Requests);
    }
}
