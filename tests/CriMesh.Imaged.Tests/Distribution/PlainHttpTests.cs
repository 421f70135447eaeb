using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using Grpc.Core;

namespace CriMesh.Imaged.Tests.Distribution;

/// <summary>
/// Plain HTTP only to registries configured insecure, decided per request; a token realm over plain HTTP only
/// when its own host is configured insecure; the realm's TLS checked with the system store plus its own certs.d.
/// </summary>
public sealed class PlainHttpTests : IClassFixture<TwoRegistriesFixture>
{
    private readonly TwoRegistriesFixture _r;

    public PlainHttpTests(TwoRegistriesFixture registries)
    {
        _r = registries;
        _r.Reset();
    }

    private static AuthConfig Alice => new() { Username = TwoRegistriesFixture.User, Password = TwoRegistriesFixture.Password };

    [Fact]
    public async Task InsecurePlainRegistry_EveryRequestTriesTlsFirst()
    {
        await using var faulty = await FaultyRegistry.StartAsync();
        faulty.AddImage("img", TestImages.MultiLayer());
        await using var proxy = TlsSniffingProxy.Start(faulty.Port);
        await using var host = await ImagedHost.StartAsync($"insecure_registries = [\"{proxy.Host}\"]");
        await host.Client.PullImageAsync(new PullImageRequest { Image = $"{proxy.Host}/img:latest" });
        await host.Client.PullImageAsync(new PullImageRequest { Image = $"{proxy.Host}/img:latest" });
        var requests = faulty.Requests.Count;
        Assert.True(requests >= 6, $"{requests} requests");
        // One refused TLS handshake before each plain request: the fall-back is not remembered.
        Assert.True(proxy.TlsAttempts >= requests, $"{proxy.TlsAttempts} TLS attempts for {requests} plain requests");
    }

    [Fact]
    public async Task RealmOverPlainHttp_HostNotInsecure_IsRefusedAndGetsNothing()
    {
        await using var host = await ImagedHost.StartAsync($"insecure_registries = [\"{_r.A.Host}\"]");
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.PullImageAsync(new PullImageRequest { Image = _r.A.Reference("lib/img", "latest"), Auth = Alice }));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains(_r.TokensA.Host, e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(_r.TokensA.Requests);
        Assert.Empty((await host.Client.ListImagesAsync(new ListImagesRequest())).Images);
    }

    [Fact]
    public async Task TlsRealm_OfInsecureRegistry_IsVerifiedWithSystemStore()
    {
        // The registry is insecure; its realm host is not, so an untrusted realm certificate is refused.
        await using var host = await ImagedHost.StartAsync($"insecure_registries = [\"{_r.TlsRealmRegistry.Host}\"]");
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.PullImageAsync(new PullImageRequest { Image = _r.TlsRealmRegistry.Reference("lib/img", "latest"), Auth = Alice }));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("token server", e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(_r.TlsTokens.Requests);
    }

    [Fact]
    public async Task TlsRealm_WithItsCaInCertsD_IsTrusted()
    {
        var certsDir = Directory.CreateTempSubdirectory("crimesh-realm-certs-").FullName;
        try
        {
            var realmDir = Directory.CreateDirectory(Path.Combine(certsDir, _r.TlsTokens.Host)).FullName;
            File.Copy(_r.TlsTokens.Certificates!.CaPath, Path.Combine(realmDir, "ca.crt"));
            await using var host = await ImagedHost.StartAsync(
                $"insecure_registries = [\"{_r.TlsRealmRegistry.Host}\"]\ncerts_dir = \"{certsDir}\"");
            var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = _r.TlsRealmRegistry.Reference("lib/img", "latest"), Auth = Alice });
            Assert.Equal(TestImages.Busybox().ConfigDigest, pulled.ImageRef);
            Assert.Equal([TwoRegistriesFixture.User], _r.TlsTokens.Requests.Select(r => r.User).Distinct());
        }
        finally
        {
            Directory.Delete(certsDir, recursive: true);
        }
    }
}
