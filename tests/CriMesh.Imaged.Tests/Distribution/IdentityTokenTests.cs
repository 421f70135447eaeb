using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CriMesh.Imaged.Tests.Distribution;

/// <summary>
/// The CRI identity_token: an OAuth2 refresh token that imaged exchanges at the challenge's realm
/// (POST grant_type=refresh_token) for an access token. The registry stub demands that access token.
/// </summary>
public sealed class IdentityTokenTests : IAsyncLifetime
{
    private const string RefreshToken = "refresh-abc";
    private const string AccessToken = "access-xyz";
    private FaultyRegistry _registry = null!;
    private int _exchanges;

    public async Task InitializeAsync() => _registry = await FaultyRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    private void Serve(TestImage image)
    {
        _registry.Set("/token", FaultyResponse.Custom(async (ctx, _) =>
        {
            var form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync() : null;
            string Field(string name) => form is null ? "" : form[name].ToString();
            if (ctx.Request.Method != "POST" || Field("grant_type") != "refresh_token" || Field("refresh_token") != RefreshToken
                || Field("scope") != "repository:idt:pull" || Field("service") != "stub")
            {
                ctx.Response.StatusCode = 401;
                return;
            }
            Interlocked.Increment(ref _exchanges);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($"{{\"access_token\": \"{AccessToken}\", \"expires_in\": 300}}");
        }));
        Protect(FaultyRegistry.ManifestPath("idt", "latest"), image.Manifest.Data, image.Manifest.MediaType);
        Protect(FaultyRegistry.BlobPath("idt", image.Config.Digest), image.Config.Data, "application/octet-stream");
        foreach (var layer in image.Layers)
        {
            Protect(FaultyRegistry.BlobPath("idt", layer.Blob.Digest), layer.Blob.Data, "application/octet-stream");
        }
    }

    private void Protect(string path, byte[] body, string contentType) =>
        _registry.Set(path, FaultyResponse.Custom(async (ctx, _) =>
        {
            if (ctx.Request.Headers.Authorization.ToString() != $"Bearer {AccessToken}")
            {
                ctx.Response.StatusCode = 401;
                ctx.Response.Headers.WWWAuthenticate = $"Bearer realm=\"http://{_registry.Host}/token\",service=\"stub\",scope=\"repository:idt:pull\"";
                return;
            }
            ctx.Response.ContentType = contentType;
            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body);
        }));

    [Fact]
    public async Task PullImage_IdentityToken_IsExchangedOnceForAnAccessToken()
    {
        var image = TestImages.Busybox();
        Serve(image);
        await using var host = await ImagedHost.StartAsync($"insecure_registries = [\"{_registry.Host}\"]");
        var pulled = await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = _registry.Reference("idt", "latest"),
            Auth = new AuthConfig { IdentityToken = RefreshToken },
        });
        Assert.Equal(image.ConfigDigest, pulled.ImageRef);
        Assert.Equal(1, _exchanges);
    }

    [Fact]
    public async Task PullImage_WrongIdentityToken_IsUnauthenticated()
    {
        Serve(TestImages.Busybox());
        await using var host = await ImagedHost.StartAsync($"insecure_registries = [\"{_registry.Host}\"]");
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = _registry.Reference("idt", "latest"),
            Auth = new AuthConfig { IdentityToken = "stolen" },
        }));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.DoesNotContain("stolen", e.Status.Detail, StringComparison.Ordinal);
    }
}
