using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using KitCredentials = CriMesh.Testing.Registry.RegistryCredentials;

namespace CriMesh.Imaged.Tests.Distribution;

/// <summary>
/// Two real docker-registries, A and B, each with its own recording token server (anonymous pulls allowed,
/// so a pull works with or without credentials and the token server's log shows which user asked).
/// Both hold <c>lib/img:latest</c>; only B holds <c>only-b:latest</c>.
/// </summary>
public sealed class TwoRegistriesFixture : IAsyncLifetime
{
    public const string User = "alice";
    public const string Password = "routing-pw";

    public TokenServer TokensA { get; private set; } = null!;

    public TokenServer TokensB { get; private set; } = null!;

    public RegistryServer A { get; private set; } = null!;

    public RegistryServer B { get; private set; } = null!;

    /// <summary>A TLS token server (test CA) and a plain-HTTP registry using it as realm; holds <c>lib/img:latest</c>.</summary>
    public TokenServer TlsTokens { get; private set; } = null!;

    public RegistryServer TlsRealmRegistry { get; private set; } = null!;

    /// <summary>insecure_registries naming both registries and both token servers.</summary>
    public string InsecureKeys => $"insecure_registries = [\"{A.Host}\", \"{B.Host}\", \"{TokensA.Host}\", \"{TokensB.Host}\"]";

    public async Task InitializeAsync()
    {
        TokensA = await new TokenServer().WithUser(User, Password).WithAnonymousAccess().StartAsync();
        TokensB = await new TokenServer().WithUser(User, Password).WithAnonymousAccess().StartAsync();
        TlsTokens = await new TokenServer().WithUser(User, Password).WithAnonymousAccess().WithTls().StartAsync();
        A = await new RegistryServer().WithTokenAuth(TokensA).StartAsync();
        B = await new RegistryServer().WithTokenAuth(TokensB).StartAsync();
        TlsRealmRegistry = await new RegistryServer().WithTokenAuth(TlsTokens).StartAsync();
        using (var push = new RegistryPusher(A, new KitCredentials(User, Password)))
        {
            await push.PushAsync("lib/img", TestImages.Busybox(), "latest");
        }
        using (var push = new RegistryPusher(B, new KitCredentials(User, Password)))
        {
            await push.PushAsync("lib/img", TestImages.Busybox(), "latest");
            await push.PushAsync("only-b", TestImages.Busybox(), "latest");
        }
        using (var push = new RegistryPusher(TlsRealmRegistry.BaseUri, new KitCredentials(User, Password), TlsTokens.Certificates))
        {
            await push.PushAsync("lib/img", TestImages.Busybox(), "latest");
        }
        Reset();
    }

    /// <summary>Clears the token servers' logs (each test starts from none).</summary>
    public void Reset()
    {
        TokensA.ResetCounters();
        TokensB.ResetCounters();
        TlsTokens.ResetCounters();
    }

    public async Task DisposeAsync()
    {
        foreach (var r in new[] { A, B, TlsRealmRegistry })
        {
            if (r is not null)
            {
                await r.DisposeAsync();
            }
        }
        foreach (var t in new[] { TokensA, TokensB, TlsTokens })
        {
            if (t is not null)
            {
                await t.DisposeAsync();
            }
        }
    }
}
