using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CriMesh.Imaged.Options;
using CriMesh.Imaged.Registries;
using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged.Distribution;

/// <summary>
/// The daemon's HTTP clients for OCI Distribution registries: pooled connections, the system CA store
/// for HTTPS (plus a registry's own CAs from certs.d), redirects followed (credentials are not carried to
/// another host), bearer tokens shared through <see cref="TokenCache"/>. A pull opens a
/// <see cref="RegistrySession"/> per endpoint.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient _unverified;
    private readonly ConcurrentDictionary<string, HttpClient> _withOwnCa = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.Ordinal);

    public RegistryClient(ImagedOptions options, TokenCache tokens, RegistryResolver resolver, ILogger<RegistryClient> logger)
    {
        Options = options;
        Resolver = resolver;
        Tokens = tokens;
        Logger = logger;
        _http = CreateClient(null);
        // Only for registries configured insecure: registries.conf allows untrusted certificates for them.
        _unverified = CreateClient((_, _, _, _) => true);
    }

    private HttpClient CreateClient(RemoteCertificateValidationCallback? validate)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = Options.RegistryConnectTimeout,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = Math.Max(8, Options.MaxConcurrentDownloads * 2),
            UseCookies = false,
        };
        if (validate is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("crimesh-imaged/1");
        return http;
    }

    /// <summary>
    /// The client for <paramref name="host"/> (host[:port]): unverified TLS when that host is configured
    /// insecure, else the system store plus the host's own certs.d CAs when it has some.
    /// </summary>
    internal HttpClient HttpFor(string host, bool insecure)
    {
        if (insecure)
        {
            return _unverified;
        }
        var dir = Path.Combine(Options.CertsDir, host);
        if (host.Contains('/', StringComparison.Ordinal) || host.StartsWith('.') || !Directory.Exists(dir))
        {
            return _http;
        }
        return _withOwnCa.GetOrAdd(host, _ => CreateClient(TrustingCas(LoadCas(dir))));
    }

    private static X509Certificate2Collection LoadCas(string dir)
    {
        var cas = new X509Certificate2Collection();
        foreach (var file in Directory.GetFiles(dir, "*.crt").Order(StringComparer.Ordinal))
        {
            cas.ImportFromPemFile(file);
        }
        return cas;
    }

    /// <summary>Accepts what the system store accepts, or a chain that ends in one of <paramref name="cas"/>.</summary>
    private static RemoteCertificateValidationCallback TrustingCas(X509Certificate2Collection cas) => (_, certificate, chain, errors) =>
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || cas.Count == 0)
        {
            return false;
        }
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.AddRange(cas);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            own.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }
        return own.Build(new X509Certificate2(certificate));
    };

    internal ImagedOptions Options { get; }

    internal RegistryResolver Resolver { get; }

    internal TokenCache Tokens { get; }

    internal ILogger Logger { get; }

    /// <summary>Starts talking to <paramref name="endpoint"/> as <paramref name="credentials"/>.</summary>
    public RegistrySession Open(RegistryEndpoint endpoint, RegistryCredentials credentials) => new(this, endpoint, credentials);

    /// <summary>The last challenge <paramref name="host"/> sent, to authenticate the next session up front.</summary>
    internal AuthChallenge? KnownChallenge(string host) => _challenges.GetValueOrDefault(host);

    internal void RememberChallenge(string host, AuthChallenge challenge) => _challenges[host] = challenge;

    public void Dispose()
    {
        _http.Dispose();
        _unverified.Dispose();
        foreach (var c in _withOwnCa.Values)
        {
            c.Dispose();
        }
    }
}
