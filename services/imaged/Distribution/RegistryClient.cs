using System.Collections.Concurrent;
using System.Net;
using CriMesh.Imaged.Options;
using CriMesh.Imaged.Registries;
using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged.Distribution;

/// <summary>
/// The daemon's one HTTP client for OCI Distribution registries: pooled connections, the system CA
/// store for HTTPS, redirects followed (credentials are not carried to another host), bearer tokens
/// shared through <see cref="TokenCache"/>. A pull opens a <see cref="RegistrySession"/> per endpoint.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.Ordinal);

    public RegistryClient(ImagedOptions options, TokenCache tokens, ILogger<RegistryClient> logger)
    {
        Options = options;
        Tokens = tokens;
        Logger = logger;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RegistryConnectTimeout,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = Math.Max(8, options.MaxConcurrentDownloads * 2),
            UseCookies = false,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("crimesh-imaged/1");
    }

    internal ImagedOptions Options { get; }

    internal TokenCache Tokens { get; }

    internal ILogger Logger { get; }

    internal HttpClient Http => _http;

    /// <summary>Starts talking to <paramref name="endpoint"/> as <paramref name="credentials"/>.</summary>
    public RegistrySession Open(RegistryEndpoint endpoint, RegistryCredentials credentials) => new(this, endpoint, credentials);

    /// <summary>The last challenge <paramref name="host"/> sent, to authenticate the next session up front.</summary>
    internal AuthChallenge? KnownChallenge(string host) => _challenges.GetValueOrDefault(host);

    internal void RememberChallenge(string host, AuthChallenge challenge) => _challenges[host] = challenge;

    public void Dispose() => _http.Dispose();
}
