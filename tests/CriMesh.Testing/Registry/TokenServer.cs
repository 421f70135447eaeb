using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CriMesh.Testing.Registry;

/// <summary>
/// A Docker token server (the distribution "token authentication" protocol) on 127.0.0.1: <c>GET /token?service=S&amp;scope=repository:NAME:pull,push</c>
/// with Basic credentials (or the OAuth2 <c>POST /token</c> password grant) answers
/// <c>{"token","access_token","expires_in","issued_at"}</c> where the token is a JWT signed with ES256 by a
/// self-signed P-256 certificate, sent in the JWT's <c>x5c</c> header and written to <see cref="RootCertBundlePath"/>
/// for the registry's <c>auth.token.rootcertbundle</c>. Valid users get every action they ask for.
/// Counters (<see cref="TokensIssued"/>, <see cref="Requests"/>) let tests prove a client reuses tokens.
/// </summary>
/// <example><code>
/// await using var tokens = await new TokenServer().WithUser("bob", "pw").StartAsync();
/// await using var registry = await new RegistryServer().WithTokenAuth(tokens).StartAsync();
/// </code></example>
public sealed partial class TokenServer : IAsyncDisposable
{
    private readonly Dictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly List<TokenRequest> _requests = [];
    private readonly Lock _lock = new();
    private TimeSpan _lifetime = TimeSpan.FromMinutes(5);
    private bool _allowAnonymous;
    private Func<string?, string, string, bool> _accessRule = (_, _, _) => true;
    private TimeProvider _time = TimeProvider.System;
    private ECDsa? _key;
    private X509Certificate2? _certificate;
    private TempDir? _dir;
    private LoopbackHttpServer? _server;
    private int _tokensIssued;
    private TestCertificates? _tls;

    /// <summary>The <c>service</c> the tokens are for (their <c>aud</c>); the registry's <c>auth.token.service</c>.</summary>
    public string Service { get; init; } = "crimesh-test-registry";

    /// <summary>The tokens' <c>iss</c>; the registry's <c>auth.token.issuer</c>.</summary>
    public string Issuer { get; init; } = "crimesh-test-token-server";

    /// <summary>Adds a valid user (call again for more).</summary>
    public TokenServer WithUser(string user, string password) { _users[user] = password; return this; }

    /// <summary>Sets the token lifetime (<c>expires_in</c> and <c>exp</c>; default 5 min). Note distribution accepts tokens up to 60 s past <c>exp</c>.</summary>
    public TokenServer WithTokenLifetime(TimeSpan lifetime) { _lifetime = lifetime; return this; }

    /// <summary>Lets requests without credentials get a token (with the actions asked for); default: they get 401.</summary>
    public TokenServer WithAnonymousAccess(bool allow = true) { _allowAnonymous = allow; return this; }

    /// <summary>
    /// Limits what a token grants: <paramref name="rule"/>(user or null, repository, action) decides per requested
    /// action (default: everything asked for). A token without the needed action makes the registry answer 401/403.
    /// </summary>
    public TokenServer WithAccessRule(Func<string?, string, string, bool> rule) { _accessRule = rule; return this; }

    /// <summary>
    /// When set, every token request gets this answer instead (e.g. <see cref="FaultyResponse.Status"/> 500 or
    /// <see cref="FaultyResponse.Hang"/>), still counted in <see cref="Requests"/> as not granted. Set back to null to heal.
    /// </summary>
    public FaultyResponse? Fault { get; set; }

    /// <summary>Sets the clock used for <c>iat</c>/<c>nbf</c>/<c>exp</c> (default system time).</summary>
    public TokenServer WithTimeProvider(TimeProvider time) { _time = time; return this; }

    /// <summary>
    /// Serves HTTPS with a certificate for 127.0.0.1 from a fresh test CA (<see cref="Certificates"/>; clients
    /// trust <c>Certificates.CaPath</c>). <see cref="Realm"/> becomes <c>https://</c>.
    /// </summary>
    public TokenServer WithTls() { _wantTls = true; return this; }

    private bool _wantTls;

    /// <summary>The CA and server certificate of a <see cref="WithTls"/> token server (after start), else null.</summary>
    public TestCertificates? Certificates => _tls;

    /// <summary>The port (after start).</summary>
    public int Port => _server?.Port ?? throw new InvalidOperationException("the token server was not started");

    /// <summary><c>http(s)://127.0.0.1:PORT/token</c>, the realm a registry names in its challenge.</summary>
    public Uri Realm => new($"{(_tls is null ? "http" : "https")}://127.0.0.1:{Port}/token");

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>PEM file with the signing certificate (after start).</summary>
    public string RootCertBundlePath => Path.Combine(_dir?.Path ?? throw new InvalidOperationException("the token server was not started"), "token-ca.pem");

    /// <summary>How many tokens were handed out so far.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>Every token request so far, in order (successful or not).</summary>
    public IReadOnlyList<TokenRequest> Requests { get { lock (_lock) { return [.. _requests]; } } }

    /// <summary>Creates the key and certificate, writes the bundle, and starts listening.</summary>
    public async Task<TokenServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("the token server is already started");
        }
        _dir = new TempDir("crimesh-token");
        try
        {
            await StartServerAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return this;
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=crimesh test token signer", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        var now = _time.GetUtcNow();
        _certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        await File.WriteAllTextAsync(RootCertBundlePath, _certificate.ExportCertificatePem() + "\n", cancellationToken).ConfigureAwait(false);
        if (_wantTls)
        {
            var certs = Path.Combine(_dir!.Path, "tls");
            Directory.CreateDirectory(certs);
            _tls = TestCertificates.Create(certs);
        }
        _server = await LoopbackHttpServer.StartAsync(HandleAsync, cancellationToken, _tls?.Server).ConfigureAwait(false);
    }

    /// <summary>Resets <see cref="TokensIssued"/> and <see cref="Requests"/>.</summary>
    public void ResetCounters()
    {
        lock (_lock)
        {
            _requests.Clear();
            _tokensIssued = 0;
        }
    }

    /// <summary>
    /// Mints a token directly (no HTTP, no access rule), e.g. to hand a client a token that is expired or for
    /// another repository. <paramref name="scopes"/> are <c>repository:NAME:pull,push</c> strings.
    /// </summary>
    public string CreateToken(string subject, IEnumerable<string> scopes, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null) =>
        Sign(subject, issuedAt ?? _time.GetUtcNow(), lifetime ?? _lifetime, Access(scopes, null, applyRule: false));

    private string CreateGrantedToken(string? user, IEnumerable<string> scopes, DateTimeOffset issuedAt) =>
        Sign(user ?? "", issuedAt, _lifetime, Access(scopes, user, applyRule: true));

    private JsonArray Access(IEnumerable<string> scopes, string? user, bool applyRule)
    {
        var access = new JsonArray();
        foreach (var scope in scopes)
        {
            if (ParseScope(scope) is { } parsed)
            {
                var allowed = parsed.Actions.Where(a => !applyRule || parsed.Type != "repository" || _accessRule(user, parsed.Name, a));
                access.Add(new JsonObject
                {
                    ["type"] = parsed.Type,
                    ["name"] = parsed.Name,
                    ["actions"] = new JsonArray([.. allowed.Select(a => (JsonNode)a)]),
                });
            }
        }
        return access;
    }

    private string Sign(string subject, DateTimeOffset iat, TimeSpan lifetime, JsonArray access)
    {
        var key = _key ?? throw new InvalidOperationException("the token server was not started");
        // distribution 2.8 finds the verification key through the x5c chain, checked against its rootcertbundle.
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate!.RawData)),
        };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = (iat + lifetime).ToUnixTimeSeconds(),
            ["nbf"] = iat.AddSeconds(-5).ToUnixTimeSeconds(),
            ["iat"] = iat.ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["access"] = access,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        // JWS ES256: the raw r||s pair (IEEE P1363), which is .NET's default signature format.
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>Stops the server and deletes the certificate bundle.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
        _certificate?.Dispose();
        _key?.Dispose();
        _tls?.Dispose();
        _dir?.Dispose();
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Type, string Name, string[] Actions)? ParseScope(string scope)
    {
        // resourcetype:resourcename:action[,action]; the name may itself hold a ':' (host:port/name).
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first < 0 || last <= first)
        {
            return null;
        }
        return (scope[..first], scope[(first + 1)..last], scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries));
    }
}
