using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using KitCredentials = CriMesh.Testing.Registry.RegistryCredentials;

namespace CriMesh.Imaged.Tests;

/// <summary>
/// Real docker-registry instances on 127.0.0.1 shared by a test class: one anonymous, one with htpasswd
/// Basic auth, one with Bearer tokens from the kit's token server, each holding the test images.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string User = "alice";
    public const string Password = "s3cret-pw";

    public RegistryServer Anonymous { get; private set; } = null!;

    public RegistryServer Basic { get; private set; } = null!;

    public RegistryServer Bearer { get; private set; } = null!;

    public TokenServer Tokens { get; private set; } = null!;

    public string BusyboxDigest { get; private set; } = "";

    public string MultiArchDigest { get; private set; } = "";

    /// <summary>The insecure_registries line that lets imaged reach all three and the token server (its realm) over plain HTTP.</summary>
    public string InsecureKeys => $"insecure_registries = [\"{Anonymous.Host}\", \"{Basic.Host}\", \"{Bearer.Host}\", \"{Tokens.Host}\"]";

    public async Task InitializeAsync()
    {
        Anonymous = await new RegistryServer().StartAsync();
        Basic = await new RegistryServer().WithHtpasswd(User, Password).StartAsync();
        Tokens = await new TokenServer().WithUser(User, Password).StartAsync();
        Bearer = await new RegistryServer().WithTokenAuth(Tokens).StartAsync();

        using (var push = new RegistryPusher(Anonymous))
        {
            BusyboxDigest = await push.PushAsync("library/busybox", TestImages.Busybox(), "latest");
            await push.PushAsync("library/busybox", TestImages.Busybox(), "1.36");
            await push.PushAsync("docker/busybox", TestImages.Busybox(ManifestFormat.Docker), "latest");
            await push.PushAsync("multi", TestImages.MultiLayer(), "oci");
            await push.PushAsync("multi", TestImages.MultiLayer(ManifestFormat.Docker), "docker");
            MultiArchDigest = await push.PushAsync("multiarch", TestImages.MultiArch(), "oci");
            await push.PushAsync("multiarch", TestImages.MultiArch(ManifestFormat.Docker), "docker");
            await push.PushAsync("zstd", TestImages.Busybox(compression: LayerCompression.Zstd), "latest");
        }
        using (var push = new RegistryPusher(Basic, new KitCredentials(User, Password)))
        {
            await push.PushAsync("private/busybox", TestImages.Busybox(), "latest");
        }
        using (var push = new RegistryPusher(Bearer, new KitCredentials(User, Password)))
        {
            await push.PushAsync("private/busybox", TestImages.Busybox(), "latest");
            await push.PushAsync("private/busybox", TestImages.Busybox(), "second");
            await push.PushAsync("private/multi", TestImages.MultiLayer(), "latest");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var r in new[] { Anonymous, Basic, Bearer })
        {
            if (r is not null)
            {
                await r.DisposeAsync();
            }
        }
        if (Tokens is not null)
        {
            await Tokens.DisposeAsync();
        }
    }
}
