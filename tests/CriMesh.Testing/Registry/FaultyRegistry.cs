using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using CriMesh.Testing.Images;
using Microsoft.AspNetCore.Http;

namespace CriMesh.Testing.Registry;

/// <summary>
/// A minimal distribution-API server on 127.0.0.1 answering from a programmable table of paths, to produce what a
/// real registry never would: blobs that do not match their digest, truncated bodies, dropped connections, hangs,
/// hostile manifests. <c>GET /v2/</c> answers 200 unless overridden; unknown paths get 404 with a distribution error.
/// Every request is counted per path.
/// </summary>
/// <example><code>
/// await using var faulty = await FaultyRegistry.StartAsync();
/// faulty.AddImage("test/img", TestImages.Busybox(), "latest");
/// var layer = TestImages.Busybox().Layers[0].Blob;
/// faulty.SetBlob("test/img", layer.Digest, FaultyResponse.Blob(new byte[] { 1, 2, 3 }, layer.Digest)); // digest mismatch
/// // pull faulty.Reference("test/img", "latest") ... then faulty.RequestCount(FaultyRegistry.BlobPath("test/img", layer.Digest))
/// </code></example>
public sealed class FaultyRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FaultyResponse> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FaultyRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, SortedSet<string>> _tags = new(StringComparer.Ordinal);
    private LoopbackHttpServer? _server;

    private FaultyRegistry()
    {
        _routes["/v2/"] = FaultyResponse.Ok("{}"u8.ToArray(), "application/json");
    }

    /// <summary>Starts an empty registry (only <c>/v2/</c> answers).</summary>
    public static async Task<FaultyRegistry> StartAsync(CancellationToken cancellationToken = default)
    {
        var registry = new FaultyRegistry();
        registry._server = await LoopbackHttpServer.StartAsync(registry.HandleAsync, cancellationToken).ConfigureAwait(false);
        return registry;
    }

    /// <summary>The port.</summary>
    public int Port => _server!.Port;

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri => new($"http://{Host}/");

    /// <summary><c>127.0.0.1:PORT/REPOSITORY[:tag]</c>.</summary>
    public string Reference(string repository, string? tag = null) => tag is null ? $"{Host}/{repository}" : $"{Host}/{repository}:{tag}";

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<FaultyRequest> Requests => [.. _requests];

    /// <summary><c>/v2/REPOSITORY/blobs/DIGEST</c>.</summary>
    public static string BlobPath(string repository, string digest) => $"/v2/{repository}/blobs/{digest}";

    /// <summary><c>/v2/REPOSITORY/manifests/REFERENCE</c>.</summary>
    public static string ManifestPath(string repository, string reference) => $"/v2/{repository}/manifests/{reference}";

    /// <summary>Answers requests for <paramref name="path"/> (exact, without query; any method) with <paramref name="response"/>, replacing an earlier entry.</summary>
    public void Set(string path, FaultyResponse response) => _routes[path] = response;

    /// <summary>Removes the entry for <paramref name="path"/> (it then gets 404).</summary>
    public void Remove(string path) => _routes.TryRemove(path, out _);

    /// <summary>Sets the answer for a blob path.</summary>
    public void SetBlob(string repository, string digest, FaultyResponse response) => Set(BlobPath(repository, digest), response);

    /// <summary>Sets the answer for a manifest path (tag or digest).</summary>
    public void SetManifest(string repository, string reference, FaultyResponse response) => Set(ManifestPath(repository, reference), response);

    /// <summary>Serves <paramref name="data"/> correctly as a blob (Range supported) and returns its digest.</summary>
    public string AddBlob(string repository, byte[] data)
    {
        var digest = Digests.Sha256(data);
        SetBlob(repository, digest, FaultyResponse.Blob(data, digest));
        return digest;
    }

    /// <summary>
    /// Serves a manifest body under <paramref name="reference"/> with the given media type and the body's true digest
    /// header. A tag (not <c>sha256:...</c>) is also listed in <c>/v2/REPOSITORY/tags/list</c>.
    /// </summary>
    public void AddManifest(string repository, string reference, byte[] body, string mediaType)
    {
        SetManifest(repository, reference, FaultyResponse.Manifest(body, mediaType, Digests.Sha256(body)));
        if (!reference.Contains(':', StringComparison.Ordinal))
        {
            var tags = _tags.GetOrAdd(repository, _ => new SortedSet<string>(StringComparer.Ordinal));
            lock (tags)
            {
                tags.Add(reference);
                var json = new JsonObject
                {
                    ["name"] = repository,
                    ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]),
                };
                Set($"/v2/{repository}/tags/list", FaultyResponse.Ok(Encoding.UTF8.GetBytes(json.ToJsonString()), "application/json"));
            }
        }
    }

    /// <summary>Serves an image correctly: its blobs, and its manifest by digest and by <paramref name="tag"/> (unless null).</summary>
    public void AddImage(string repository, TestImage image, string? tag = "latest")
    {
        foreach (var blob in image.Blobs)
        {
            SetBlob(repository, blob.Digest, FaultyResponse.Blob(blob.Data, blob.Digest));
        }
        AddManifest(repository, image.Digest, image.Manifest.Data, image.Manifest.MediaType);
        if (tag is not null)
        {
            AddManifest(repository, tag, image.Manifest.Data, image.Manifest.MediaType);
        }
    }

    /// <summary>Serves an index and all its images correctly.</summary>
    public void AddIndex(string repository, TestImageIndex index, string? tag = "latest")
    {
        foreach (var image in index.Images)
        {
            AddImage(repository, image, null);
        }
        AddManifest(repository, index.Digest, index.Manifest.Data, index.Manifest.MediaType);
        if (tag is not null)
        {
            AddManifest(repository, tag, index.Manifest.Data, index.Manifest.MediaType);
        }
    }

    /// <summary>How many requests (any method, or only <paramref name="method"/>) arrived for <paramref name="path"/>.</summary>
    public int RequestCount(string path, string? method = null) =>
        method is null ? _counts.GetValueOrDefault(path) : _requests.Count(r => r.Path == path && r.Method == method);

    /// <summary>Forgets the request log and counters (the table stays).</summary>
    public void ResetCounters()
    {
        _counts.Clear();
        _requests.Clear();
    }

    /// <summary>Stops the server; hanging responses are released first.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var headers = context.Request.Headers;
        _requests.Enqueue(new FaultyRequest(context.Request.Method, path, headers.Range.FirstOrDefault(), headers.Authorization.FirstOrDefault(), headers.Accept.FirstOrDefault()));
        _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        if (path == "/v2")
        {
            path = "/v2/";
        }
        if (!_routes.TryGetValue(path, out var response))
        {
            var code = path.Contains("/blobs/", StringComparison.Ordinal) ? "BLOB_UNKNOWN"
                : path.Contains("/manifests/", StringComparison.Ordinal) ? "MANIFEST_UNKNOWN" : "NAME_UNKNOWN";
            response = FaultyResponse.Status(StatusCodes.Status404NotFound, $$"""{"errors":[{"code":"{{code}}","message":"not in the faulty registry's table"}]}""");
        }
        try
        {
            await response.HandleAsync(context, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
        catch (IOException)
        {
            // The client went away mid-response; that is what some tests provoke.
        }
    }
}
