using CriMesh.Common.Errors;
using CriMesh.Imaged.Registries;

namespace CriMesh.Imaged.Tests.Registries;

public sealed class RegistryResolverTests
{
    private static readonly string Digest = "sha256:" + new string('b', 64);

    private static RegistryResolver Resolver(params RegistryEntry[] entries) => new(new RegistriesConfig(entries, ["quay.io", "docker.io"]));

    [Fact]
    public void Endpoints_NoEntry_IsTheRegistryItselfOverHttps()
    {
        var endpoints = Resolver().Endpoints(ImageReference.Parse("quay.io/a/b:1"));
        Assert.Equal([new RegistryEndpoint("quay.io", "a/b", false, false)], endpoints);
        Assert.Equal("https://quay.io/v2/", endpoints[0].ApiBase(tls: true).ToString());
    }

    [Fact]
    public void Endpoints_DockerHub_UsesItsApiHost()
    {
        var endpoint = Resolver().Endpoints(ImageReference.ParseNormalized("busybox"))[0];
        Assert.Equal("https://registry-1.docker.io/v2/", endpoint.ApiBase(tls: true).ToString());
        Assert.Equal("library/busybox", endpoint.Repository);
    }

    [Fact]
    public void Endpoints_MirrorsComeFirstInOrderThenRewrittenLocation()
    {
        var resolver = Resolver(new RegistryEntry("example.com/foo", "internal.io:5000/bar", Insecure: true,
            Mirrors: [new MirrorEntry("m1.local/x"), new MirrorEntry("m2.local:81", Insecure: true)]));
        var endpoints = resolver.Endpoints(ImageReference.Parse("example.com/foo/app:1"));
        Assert.Equal(
        [
            new RegistryEndpoint("m1.local", "x/app", false, true),
            new RegistryEndpoint("m2.local:81", "app", true, true),
            new RegistryEndpoint("internal.io:5000", "bar/app", true, false),
        ], endpoints);
        Assert.Equal("http://internal.io:5000/v2/", endpoints[2].ApiBase(tls: false).ToString());
    }

    [Fact]
    public void Endpoints_PrefixMatchesOnlyAtPathBoundary()
    {
        var resolver = Resolver(new RegistryEntry("example.com/foo", "other.io/foo", Blocked: true));
        Assert.Equal("example.com", resolver.Endpoints(ImageReference.Parse("example.com/foobar:1"))[0].Host);
    }

    [Fact]
    public void Endpoints_LongestPrefixWins()
    {
        var resolver = Resolver(new RegistryEntry("example.com", "a.io"), new RegistryEntry("example.com/team", "b.io/t"));
        Assert.Equal(new RegistryEndpoint("b.io", "t/app", false, false), resolver.Endpoints(ImageReference.Parse("example.com/team/app"))[0]);
        Assert.Equal(new RegistryEndpoint("a.io", "other/app", false, false), resolver.Endpoints(ImageReference.Parse("example.com/other/app"))[0]);
    }

    [Theory]
    [InlineData(false, "digest-only", false)]
    [InlineData(true, "digest-only", true)]
    [InlineData(false, "tag-only", true)]
    [InlineData(true, "tag-only", false)]
    [InlineData(false, "all", true)]
    public void Endpoints_PullFromMirror_FiltersByTagOrDigest(bool byDigest, string mode, bool mirrorUsed)
    {
        var resolver = Resolver(new RegistryEntry("r.io", "r.io", Mirrors: [new MirrorEntry("m.io", false, mode)]));
        var reference = ImageReference.Parse(byDigest ? "r.io/a@" + Digest : "r.io/a:1");
        Assert.Equal(mirrorUsed, resolver.Endpoints(reference).Any(e => e.IsMirror));
    }

    [Fact]
    public void Endpoints_MirrorByDigestOnly_SkipsMirrorsForTags()
    {
        var resolver = Resolver(new RegistryEntry("r.io", "r.io", MirrorByDigestOnly: true, Mirrors: [new MirrorEntry("m.io")]));
        Assert.Single(resolver.Endpoints(ImageReference.Parse("r.io/a:1")));
        Assert.Equal(2, resolver.Endpoints(ImageReference.Parse("r.io/a@" + Digest)).Count);
    }

    [Fact]
    public void Endpoints_BlockedRegistry_ThrowsPermissionDeniedNamingIt()
    {
        var e = Assert.Throws<CriMeshException>(() => Resolver(new RegistryEntry("evil.io", "evil.io", Blocked: true)).Endpoints(ImageReference.Parse("evil.io/a")));
        Assert.Equal(ErrorKind.PermissionDenied, e.Kind);
        Assert.Contains("evil.io", e.Message, StringComparison.Ordinal);
        Assert.Contains("blocked", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoints_WildcardPrefix_AppliesToSubdomainsOnly()
    {
        var resolver = Resolver(new RegistryEntry("*.corp.io", "", Insecure: true));
        Assert.True(resolver.Endpoints(ImageReference.Parse("reg.corp.io/a"))[0].Insecure);
        Assert.True(resolver.Endpoints(ImageReference.Parse("a.b.corp.io:5000/a"))[0].Insecure);
        Assert.False(resolver.Endpoints(ImageReference.Parse("corp.io/a"))[0].Insecure);
        Assert.False(resolver.Endpoints(ImageReference.Parse("evilcorp.io/a"))[0].Insecure);
    }

    [Fact]
    public void Candidates_ShortName_TriesSearchRegistriesInOrder()
    {
        var c = Resolver().Candidates(ImageReference.Parse("busybox:1"));
        Assert.Equal(["quay.io/busybox:1", "docker.io/library/busybox:1"], c.Select(x => x.ToString()));
    }

    [Fact]
    public void Candidates_NoSearchRegistries_DefaultsToDockerHub()
    {
        var c = new RegistryResolver(RegistriesConfig.Empty).Candidates(ImageReference.Parse("busybox"));
        Assert.Equal(["docker.io/library/busybox:latest"], c.Select(x => x.ToString()));
    }
}
