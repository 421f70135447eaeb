using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using Grpc.Core;

namespace CriMesh.Imaged.Tests.Distribution;

/// <summary>HTTPS to the real docker-registry with a test CA: system store, certs.d, insecure; plain HTTP only when insecure.</summary>
public sealed class RegistryTlsTests : IAsyncLifetime
{
    private RegistryServer _tls = null!;
    private RegistryServer _plain = null!;

    public async Task InitializeAsync()
    {
        _tls = await new RegistryServer().WithTls().StartAsync();
        _plain = await new RegistryServer().StartAsync();
        using (var push = new RegistryPusher(_plain))
        {
            await push.PushAsync("busybox", TestImages.Busybox(), "latest");
        }
        var copied = await Skopeo.RunAsync(["copy", "--src-tls-verify=false", "--dest-tls-verify=false",
            $"docker://{_plain.Host}/busybox:latest", $"docker://{_tls.Host}/busybox:latest"]);
        Assert.True(copied.ExitCode == 0, copied.ToString());
    }

    public async Task DisposeAsync()
    {
        await _tls.DisposeAsync();
        await _plain.DisposeAsync();
    }

    [Fact]
    public async Task PullImage_UntrustedCertificate_IsUnavailableNamingTls()
    {
        await using var host = await ImagedHost.StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_tls.Host}/busybox:latest" }));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("SSL", e.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PullImage_CaInCertsD_IsTrusted()
    {
        var certsDir = Directory.CreateTempSubdirectory("crimesh-certs-d-").FullName;
        try
        {
            var hostDir = Directory.CreateDirectory(Path.Combine(certsDir, _tls.Host)).FullName;
            File.Copy(_tls.Certificates!.CaPath, Path.Combine(hostDir, "ca.crt"));
            await using var host = await ImagedHost.StartAsync($"certs_dir = \"{certsDir}\"");
            var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_tls.Host}/busybox:latest" });
            Assert.Equal(TestImages.Busybox().ConfigDigest, pulled.ImageRef);
        }
        finally
        {
            Directory.Delete(certsDir, recursive: true);
        }
    }

    [Fact]
    public async Task PullImage_InsecureTlsRegistry_AcceptsUntrustedCertificate()
    {
        await using var host = await ImagedHost.StartAsync($"insecure_registries = [\"{_tls.Host}\"]");
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_tls.Host}/busybox:latest" });
        Assert.Equal(TestImages.Busybox().ConfigDigest, pulled.ImageRef);
    }

    [Fact]
    public async Task PullImage_PlainHttpRegistryNotInsecure_IsRefused()
    {
        await using var host = await ImagedHost.StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.PullImageAsync(new PullImageRequest { Image = $"{_plain.Host}/busybox:latest" }));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Empty((await host.Client.ListImagesAsync(new ListImagesRequest())).Images);
    }
}
