using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;

namespace CriMesh.Imaged.Tests.Registries;

/// <summary>registries.conf mirrors in action: tried in order before the registry, with fallback.</summary>
public sealed class MirrorPullTests : IAsyncLifetime
{
    private FaultyRegistry _mirror = null!;
    private FaultyRegistry _origin = null!;

    public async Task InitializeAsync()
    {
        _mirror = await FaultyRegistry.StartAsync();
        _origin = await FaultyRegistry.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _mirror.DisposeAsync();
        await _origin.DisposeAsync();
    }

    private string Conf(string extra = "") => $"""
        [[registry]]
        location = "{_origin.Host}"
        insecure = true
        {extra}
        [[registry.mirror]]
        location = "{_mirror.Host}/mirrored"
        insecure = true
        """;

    [Fact]
    public async Task PullImage_MirrorHasImage_OriginIsNotAsked()
    {
        var image = TestImages.Busybox();
        _mirror.AddImage("mirrored/app", image, "1");
        await using var host = await ImagedHost.StartAsync(registriesConf: Conf());
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_origin.Host}/app:1" });
        Assert.Equal(image.ConfigDigest, pulled.ImageRef);
        Assert.Equal([$"{_origin.Host}/app:1"], pulled.Image.RepoTags);
        Assert.DoesNotContain(_origin.Requests, r => r.Path.StartsWith("/v2/app", StringComparison.Ordinal));
        Assert.Equal(1, _mirror.RequestCount(FaultyRegistry.BlobPath("mirrored/app", image.Layers[0].Blob.Digest)));
    }

    [Fact]
    public async Task PullImage_MirrorLacksImage_FallsBackToOrigin()
    {
        var image = TestImages.Busybox();
        _origin.AddImage("app", image, "1");
        await using var host = await ImagedHost.StartAsync(registriesConf: Conf());
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_origin.Host}/app:1" });
        Assert.Equal(image.ConfigDigest, pulled.ImageRef);
        Assert.Equal(1, _mirror.RequestCount(FaultyRegistry.ManifestPath("mirrored/app", "1")));
    }

    [Fact]
    public async Task PullImage_MirrorBroken_FallsBackToOrigin()
    {
        var image = TestImages.Busybox();
        _origin.AddImage("app", image, "1");
        _mirror.SetManifest("mirrored/app", "1", FaultyResponse.Status(500));
        await using var host = await ImagedHost.StartAsync(registriesConf: Conf());
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_origin.Host}/app:1" });
        Assert.Equal(image.ConfigDigest, pulled.ImageRef);
    }

    [Fact]
    public async Task PullImage_MirrorByDigestOnly_TagPullSkipsMirror()
    {
        var image = TestImages.Busybox();
        _origin.AddImage("app", image, "1");
        _mirror.AddImage("mirrored/app", image, "1");
        await using var host = await ImagedHost.StartAsync(registriesConf: Conf("mirror-by-digest-only = true"));
        await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_origin.Host}/app:1" });
        Assert.DoesNotContain(_mirror.Requests, r => r.Path.StartsWith("/v2/mirrored", StringComparison.Ordinal));
        await host.Client.RemoveImageAsync(new RemoveImageRequest { Image = $"{_origin.Host}/app:1" });
        await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_origin.Host}/app@{image.Digest}" });
        Assert.Equal(1, _mirror.RequestCount(FaultyRegistry.ManifestPath("mirrored/app", image.Digest)));
    }

    [Fact]
    public async Task PullImage_RequestCredentials_AreNotSentToMirrorOnAnotherHost()
    {
        var image = TestImages.Busybox();
        _origin.AddImage("app", image, "1");
        _mirror.SetManifest("mirrored/app", "1", FaultyResponse.Status(401, headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"m\"" }));
        await using var host = await ImagedHost.StartAsync(registriesConf: Conf());
        await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = $"{_origin.Host}/app:1",
            Auth = new AuthConfig { Username = "kubelet-user", Password = "for-origin-only" },
        });
        Assert.Equal(1, _mirror.RequestCount(FaultyRegistry.ManifestPath("mirrored/app", "1")));
        Assert.All(_mirror.Requests, r => Assert.Null(r.Authorization));
    }
}
