using System.Net;
using System.Net.Http.Headers;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Registries;

namespace CriMesh.Imaged.Distribution;

/// <summary>
/// Requests to one registry endpoint as one set of credentials. Authentication follows the registry's
/// challenge: Basic with the username and password, or Bearer with a token from the challenge's realm
/// (cached and reused until expiry). Safe for the parallel layer downloads of one pull.
/// </summary>
public sealed partial class RegistrySession
{
    private const long MaxManifestBytes = ManifestParser.MaxManifestBytes;
    private readonly RegistryClient _client;
    private readonly SemaphoreSlim _authGate = new(1, 1);
    private volatile string? _authorization;

    internal RegistrySession(RegistryClient client, RegistryEndpoint endpoint, RegistryCredentials credentials)
    {
        _client = client;
        Endpoint = endpoint;
        Credentials = credentials;
        if (client.KnownChallenge(endpoint.ApiHost) is { } known)
        {
            _authorization = CachedAuthorization(known);
        }
    }

    public RegistryEndpoint Endpoint { get; }

    public RegistryCredentials Credentials { get; }

    private string Scope => $"repository:{Endpoint.Repository}:pull";

    /// <summary>Fetches the manifest <paramref name="reference"/> (a tag or a digest) with its digest checked.</summary>
    public async Task<FetchedManifest> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        var what = $"manifest {Endpoint}:{reference}";
        using var response = await SendAsync(api =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{Endpoint.Repository}/manifests/{reference}"));
            foreach (var mediaType in MediaTypes.ManifestAccept)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
            }
            return request;
        }, what, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, what, cancellationToken).ConfigureAwait(false);
        var content = await ReadAllAsync(response, MaxManifestBytes, what, cancellationToken).ConfigureAwait(false);
        Digest digest;
        if (Digest.TryParse(reference, out var expected))
        {
            if (!expected.Matches(content))
            {
                throw new CriMeshException(ErrorKind.DataLoss, $"{what}: content does not match its digest");
            }
            digest = expected;
        }
        else
        {
            digest = Digest.Sha256(content);
        }
        return new FetchedManifest(content, response.Content.Headers.ContentType?.MediaType, digest);
    }

    /// <summary>Fetches a small blob (a config) whole, checking size and digest.</summary>
    public async Task<byte[]> GetSmallBlobAsync(Descriptor descriptor, long limit, CancellationToken cancellationToken)
    {
        var what = $"blob {descriptor.Digest} of {Endpoint}";
        if (descriptor.Size > limit)
        {
            throw CriMeshException.Invalid($"{what} is {descriptor.Size} bytes, more than the {limit} allowed");
        }
        using var response = await OpenBlobAsync(descriptor.Digest, 0, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, what, cancellationToken).ConfigureAwait(false);
        var content = await ReadAllAsync(response, limit, what, cancellationToken).ConfigureAwait(false);
        if (content.Length != descriptor.Size || !descriptor.Digest.Matches(content))
        {
            throw new CriMeshException(ErrorKind.DataLoss,
                $"{what}: received {content.Length} bytes that do not match the digest and size {descriptor.Size} of the manifest");
        }
        return content;
    }

    /// <summary>
    /// Starts a blob download from <paramref name="offset"/> (a Range request when above zero). The caller
    /// checks the status (206 continues, 200 starts over) and disposes the response.
    /// </summary>
    public Task<HttpResponseMessage> OpenBlobAsync(Digest digest, long offset, CancellationToken cancellationToken)
    {
        return SendAsync(api =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{Endpoint.Repository}/blobs/{digest}"));
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }
            return request;
        }, $"blob {digest} of {Endpoint}", cancellationToken);
    }

    /// <summary>
    /// Sends a request built on the API root <paramref name="build"/> is given, answering one 401 challenge by
    /// authenticating and sending it again.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> build, string what, CancellationToken cancellationToken)
    {
        var sentAuthorization = _authorization;
        var response = await SendOnceAsync(build, sentAuthorization, what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        var challenge = response.Headers.WwwAuthenticate
            .Select(h => AuthChallenge.Parse(h.ToString()))
            .FirstOrDefault(c => c is not null && (c.IsBearer || c.IsBasic));
        if (challenge is null || IsInsufficientScope(challenge, sentAuthorization))
        {
            return response;
        }
        _client.RememberChallenge(Endpoint.ApiHost, challenge);
        response.Dispose();
        await AuthenticateAsync(challenge, sentAuthorization, cancellationToken).ConfigureAwait(false);
        return await SendOnceAsync(build, _authorization, what, cancellationToken).ConfigureAwait(false);
    }

    // A registry that already got our token and still says "insufficient_scope" will not change its mind.
    private static bool IsInsufficientScope(AuthChallenge challenge, string? sent) =>
        sent is not null && challenge.Parameters.GetValueOrDefault("error") == "insufficient_scope";

    /// <summary>
    /// One request to the registry's API over TLS. For a registry configured insecure only, and for this
    /// request only, a TLS failure is followed by the same request over plain HTTP: nothing is remembered,
    /// so the next request (and its Authorization header) tries TLS first again.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(
        Func<Uri, HttpRequestMessage> build, string? authorization, string what, CancellationToken cancellationToken)
    {
        var http = _client.HttpFor(Endpoint.ApiHost, Endpoint.Insecure);
        try
        {
            return await SendToAsync(http, build(Endpoint.ApiBase(tls: true)), authorization, $"registry {Endpoint.Host}", what, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException) when (Endpoint.Insecure)
        {
            // fall through to plain HTTP below
        }
        catch (HttpRequestException e)
        {
            throw Unreachable($"registry {Endpoint.Host}", what, e);
        }
        try
        {
            return await SendToAsync(http, build(Endpoint.ApiBase(tls: false)), authorization, $"registry {Endpoint.Host}", what, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable($"registry {Endpoint.Host}", what, e);
        }
    }

    /// <summary>Sends <paramref name="request"/> (disposed here) with the read timeout; HttpRequestException goes up as is.</summary>
    private async Task<HttpResponseMessage> SendToAsync(
        HttpClient http, HttpRequestMessage request, string? authorization, string host, string what, CancellationToken cancellationToken)
    {
        using var sent = request;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_client.Options.RegistryReadTimeout);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CriMeshException(ErrorKind.Unavailable,
                $"{host} did not answer within {_client.Options.RegistryReadTimeout.TotalSeconds:0.#}s for {what}");
        }
    }

    private static CriMeshException Unreachable(string host, string what, HttpRequestException e)
    {
        var detail = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
        return new CriMeshException(ErrorKind.Unavailable, $"cannot reach {host} for {what}: {detail}", e);
    }
}
