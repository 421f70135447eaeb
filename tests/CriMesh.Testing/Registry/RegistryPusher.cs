using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CriMesh.Testing.Images;

namespace CriMesh.Testing.Registry;

/// <summary>
/// Pushes test images to a registry over plain HTTP with the distribution API: each blob (unless HEAD finds it)
/// by a monolithic upload (<c>POST /v2/NAME/blobs/uploads/</c> then <c>PUT LOCATION?digest=</c>), then the manifest
/// by digest and by tag; an index pushes its images first. Answers the registry's 401 challenge: Basic with the
/// credentials, or Bearer with a token fetched from the challenge's realm (cached per repository).
/// Safe to use from several tasks at once.
/// </summary>
public sealed partial class RegistryPusher : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly RegistryCredentials? _credentials;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _authorizations = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _blobLocks = new(StringComparer.Ordinal);

    /// <summary>
    /// A pusher for the registry at <paramref name="baseUri"/> (<c>http://127.0.0.1:PORT/</c>); for https, the server
    /// certificate must chain to <paramref name="trustedCa"/> when given, else to the system's roots.
    /// </summary>
    public RegistryPusher(Uri baseUri, RegistryCredentials? credentials = null, TestCertificates? trustedCa = null)
    {
        _baseUri = baseUri;
        _credentials = credentials;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (trustedCa is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => trustedCa.Validates(certificate);
        }
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>A pusher for <paramref name="registry"/> (trusting its test CA if it serves TLS).</summary>
    public RegistryPusher(RegistryServer registry, RegistryCredentials? credentials = null) : this(registry.BaseUri, credentials, registry.Certificates)
    {
    }

    /// <summary>How many tokens this pusher fetched from a token server.</summary>
    public int TokensFetched => Volatile.Read(ref _tokensFetched);

    private int _tokensFetched;

    /// <summary>Pushes an image's blobs and manifest (by digest, and by <paramref name="tag"/> unless null). Returns the manifest digest.</summary>
    public async Task<string> PushAsync(string repository, TestImage image, string? tag = "latest", CancellationToken cancellationToken = default)
    {
        foreach (var blob in image.Blobs)
        {
            await PushBlobAsync(repository, blob, cancellationToken).ConfigureAwait(false);
        }
        await PushManifestAsync(repository, image.Digest, image.Manifest, cancellationToken).ConfigureAwait(false);
        if (tag is not null)
        {
            await PushManifestAsync(repository, tag, image.Manifest, cancellationToken).ConfigureAwait(false);
        }
        return image.Digest;
    }

    /// <summary>Pushes every image of an index, then the index (by digest, and by <paramref name="tag"/> unless null). Returns the index digest.</summary>
    public async Task<string> PushAsync(string repository, TestImageIndex index, string? tag = "latest", CancellationToken cancellationToken = default)
    {
        foreach (var image in index.Images)
        {
            await PushAsync(repository, image, null, cancellationToken).ConfigureAwait(false);
        }
        await PushManifestAsync(repository, index.Digest, index.Manifest, cancellationToken).ConfigureAwait(false);
        if (tag is not null)
        {
            await PushManifestAsync(repository, tag, index.Manifest, cancellationToken).ConfigureAwait(false);
        }
        return index.Digest;
    }

    /// <summary>
    /// Uploads one blob unless the registry has it already (HEAD). Concurrent pushes of the same blob to the same
    /// repository through this pusher go one at a time: distribution's filesystem store rewrites the repository's
    /// blob link non-atomically, so a second upload racing a manifest PUT can make the registry answer
    /// MANIFEST_BLOB_UNKNOWN.
    /// </summary>
    public async Task PushBlobAsync(string repository, Blob blob, CancellationToken cancellationToken = default)
    {
        var gate = _blobLocks.GetOrAdd(repository + "@" + blob.Digest, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await UploadBlobAsync(repository, blob, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task UploadBlobAsync(string repository, Blob blob, CancellationToken cancellationToken)
    {
        if (await BlobExistsAsync(repository, blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        using var start = await SendAsync(repository, () => new HttpRequestMessage(HttpMethod.Post, Url($"v2/{repository}/blobs/uploads/")), cancellationToken)
            .ConfigureAwait(false);
        await EnsureStatusAsync(start, HttpStatusCode.Accepted, $"start upload of {blob.Digest} to {repository}").ConfigureAwait(false);
        var location = start.Headers.Location ?? throw new InvalidOperationException($"registry gave no Location to upload {blob.Digest} to {repository}");
        var uploadUri = new Uri(_baseUri, location);
        var separator = uploadUri.Query.Length > 0 ? "&" : "?";
        var putUri = new Uri(uploadUri + separator + "digest=" + Uri.EscapeDataString(blob.Digest));
        using var put = await SendAsync(repository, () =>
        {
            var content = new ByteArrayContent(blob.Data);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new HttpRequestMessage(HttpMethod.Put, putUri) { Content = content };
        }, cancellationToken).ConfigureAwait(false);
        await EnsureStatusAsync(put, HttpStatusCode.Created, $"upload {blob.Digest} ({blob.Size} bytes) to {repository}").ConfigureAwait(false);
    }

    /// <summary>PUTs a manifest or index under <paramref name="reference"/> (tag or digest). Returns the digest the registry reports.</summary>
    public async Task<string> PushManifestAsync(string repository, string reference, Blob manifest, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(repository, () =>
        {
            var content = new ByteArrayContent(manifest.Data);
            content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
            return new HttpRequestMessage(HttpMethod.Put, Url($"v2/{repository}/manifests/{reference}")) { Content = content };
        }, cancellationToken).ConfigureAwait(false);
        await EnsureStatusAsync(response, HttpStatusCode.Created, $"put manifest {repository}:{reference}").ConfigureAwait(false);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : manifest.Digest;
    }

    /// <summary>True if <c>HEAD /v2/NAME/blobs/DIGEST</c> answers 200.</summary>
    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(repository, () => new HttpRequestMessage(HttpMethod.Head, Url($"v2/{repository}/blobs/{digest}")), cancellationToken)
            .ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>GETs a manifest (accepting every manifest and index type). Returns null on 404.</summary>
    public async Task<Blob?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(repository, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url($"v2/{repository}/manifests/{reference}"));
            foreach (var type in new[] { MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList })
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }
            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureStatusAsync(response, HttpStatusCode.OK, $"get manifest {repository}:{reference}").ConfigureAwait(false);
        var data = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return Blob.Create(response.Content.Headers.ContentType?.MediaType ?? "", data);
    }

    /// <summary>Deletes a manifest by digest (the registry has deletes enabled).</summary>
    public async Task DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(repository, () => new HttpRequestMessage(HttpMethod.Delete, Url($"v2/{repository}/manifests/{digest}")), cancellationToken)
            .ConfigureAwait(false);
        await EnsureStatusAsync(response, HttpStatusCode.Accepted, $"delete manifest {repository}@{digest}").ConfigureAwait(false);
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose()
    {
        _http.Dispose();
        _authLock.Dispose();
        foreach (var gate in _blobLocks.Values)
        {
            gate.Dispose();
        }
    }

    private Uri Url(string relative) => new(_baseUri, relative);

    private static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            throw new HttpRequestException($"{what}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}", null, response.StatusCode);
        }
    }
}
