using System.Globalization;
using System.Net;
using System.Text.Json;
using CriMesh.Common.Errors;

namespace CriMesh.Imaged.Distribution;

public sealed partial class RegistrySession
{
    private const long MaxTokenResponseBytes = 1024 * 1024;
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    /// <summary>The Authorization header a known challenge allows without a request, if any.</summary>
    private string? CachedAuthorization(AuthChallenge challenge)
    {
        if (challenge.IsBasic)
        {
            return Credentials.HasPassword ? "Basic " + Credentials.BasicHeaderValue : null;
        }
        if (Credentials.RegistryToken.Length > 0)
        {
            return "Bearer " + Credentials.RegistryToken;
        }
        return _client.Tokens.TryGet(TokenCache.Key(challenge, Scope, Credentials), out var token) ? "Bearer " + token : null;
    }

    private async Task AuthenticateAsync(AuthChallenge challenge, string? rejected, CancellationToken cancellationToken)
    {
        await _authGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_authorization is { } current && current != rejected)
            {
                return; // another download of this pull authenticated meanwhile
            }
            var key = TokenCache.Key(challenge, Scope, Credentials);
            if (rejected is not null)
            {
                _client.Tokens.Remove(key);
            }
            var cached = CachedAuthorization(challenge);
            if (cached is not null && cached != rejected)
            {
                _authorization = cached;
                return;
            }
            if (challenge.IsBasic)
            {
                throw new CriMeshException(ErrorKind.Unauthenticated, Credentials.HasPassword
                    ? $"registry {Endpoint.Host} rejected the credentials of {Credentials} for {Endpoint}"
                    : $"registry {Endpoint.Host} requires credentials for {Endpoint} and none were given");
            }
            if (Credentials.RegistryToken.Length > 0)
            {
                throw new CriMeshException(ErrorKind.Unauthenticated, $"registry {Endpoint.Host} rejected the registry token for {Endpoint}");
            }
            var (token, lifetime, issued) = await FetchTokenAsync(challenge, cancellationToken).ConfigureAwait(false);
            _client.Tokens.Put(key, token, lifetime, issued);
            _authorization = "Bearer " + token;
        }
        finally
        {
            _authGate.Release();
        }
    }

    private async Task<(string Token, TimeSpan Lifetime, DateTimeOffset? Issued)> FetchTokenAsync(
        AuthChallenge challenge, CancellationToken cancellationToken)
    {
        var realm = CheckRealm(challenge);
        var what = $"token from {realm.GetLeftPart(UriPartial.Path)} for {Endpoint}";
        HttpRequestMessage Build()
        {
            if (Credentials.IdentityToken.Length > 0)
            {
                var form = new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = Credentials.IdentityToken,
                    ["service"] = challenge.Service,
                    ["scope"] = Scope,
                    ["client_id"] = "crimesh",
                };
                return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
            }
            var query = $"service={Uri.EscapeDataString(challenge.Service)}&scope={Uri.EscapeDataString(Scope)}";
            if (Credentials.Username.Length > 0)
            {
                query += $"&account={Uri.EscapeDataString(Credentials.Username)}";
            }
            var builder = new UriBuilder(realm) { Query = realm.Query.Length > 1 ? realm.Query[1..] + "&" + query : query };
            var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
            if (Credentials.HasPassword)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Credentials.BasicHeaderValue);
            }
            return request;
        }
        // The realm host is trusted as its own configuration says (system store plus its certs.d, or
        // insecure), never with the registry's settings; and there is no fall-back to plain HTTP.
        var http = _client.HttpFor(realm.Authority, _client.Resolver.IsInsecureHost(realm.Authority));
        HttpResponseMessage response;
        try
        {
            response = await SendToAsync(http, Build(), null, $"token server {realm.Authority}", what, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable($"token server {realm.Authority}", what, e);
        }
        using var answered = response;
        if (response.StatusCode is HttpStatusCode.Unauthorized)
        {
            throw new CriMeshException(ErrorKind.Unauthenticated, Credentials.IsAnonymous
                ? $"token server {realm.Host} refused anonymous access to {Endpoint}"
                : $"token server {realm.Host} rejected the credentials of {Credentials} for {Endpoint}");
        }
        if (response.StatusCode is HttpStatusCode.Forbidden)
        {
            throw new CriMeshException(ErrorKind.PermissionDenied, $"token server {realm.Host} denied {Credentials} access to {Endpoint}");
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new CriMeshException(ErrorKind.Unavailable, $"token server {realm.Host} answered {(int)response.StatusCode} for {what}");
        }
        var body = await ReadAllAsync(response, MaxTokenResponseBytes, what, cancellationToken).ConfigureAwait(false);
        return ParseTokenResponse(body, what);
    }

    /// <summary>
    /// The realm of a bearer challenge, if it may be used: an absolute http(s) URL, and https unless its host
    /// is itself configured insecure (a plain-HTTP realm would receive the credentials and the token in clear).
    /// </summary>
    private Uri CheckRealm(AuthChallenge challenge)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("http" or "https") || realm.Authority.Length == 0)
        {
            throw new CriMeshException(ErrorKind.Unavailable,
                $"registry {Endpoint.Host} sent a bearer challenge with an invalid realm \"{Printable(challenge.Realm)}\"");
        }
        if (realm.Scheme == "http" && !_client.Resolver.IsInsecureHost(realm.Authority))
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition,
                $"registry {Endpoint.Host} names the token realm {realm.GetLeftPart(UriPartial.Path)}, which is plain HTTP and {realm.Authority} is not configured insecure; refusing to send credentials or take a token over it");
        }
        return realm;
    }

    internal static (string Token, TimeSpan Lifetime, DateTimeOffset? Issued) ParseTokenResponse(byte[] body, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            string Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
            var token = Str("token");
            if (token.Length == 0)
            {
                token = Str("access_token");
            }
            if (token.Length == 0)
            {
                throw new CriMeshException(ErrorKind.Unavailable, $"{what}: the response holds no token");
            }
            var lifetime = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultTokenLifetime;
            DateTimeOffset? issued = DateTimeOffset.TryParse(Str("issued_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var i) ? i : null;
            return (token, lifetime, issued);
        }
        catch (JsonException)
        {
            throw new CriMeshException(ErrorKind.Unavailable, $"{what}: the response is not json");
        }
    }
}
