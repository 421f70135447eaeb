using System.Collections.Concurrent;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Distribution;
using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Options;
using CriMesh.Imaged.Registries;
using CriMesh.Imaged.Store;
using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged.Pull;

/// <summary>
/// Pulls an image: resolves the reference to endpoints (mirrors, then the registry), fetches and checks
/// the manifest (picking the host platform from an index) and the config, downloads the layers in
/// parallel while unpacking each one in order as soon as it and its parents are verified, then holds
/// the layers in storaged and publishes the image in the store. Nothing is visible until that last step.
/// </summary>
public sealed partial class ImagePuller(
    ImageStore store,
    RegistryClient client,
    RegistryResolver resolver,
    CredentialSource credentialSource,
    BlobDownloader downloader,
    ILayerUnpacker unpacker,
    ImagedOptions options,
    TimeProvider time,
    ILogger<ImagePuller> logger)
{
    private const long MaxConfigBytes = ManifestParser.MaxConfigBytes;
    private readonly ConcurrentDictionary<(string Blob, string DiffId), bool> _verifiedDiffIds = new();

    /// <summary>Pulls <paramref name="image"/> as <paramref name="credentials"/> (null: from auth.json or anonymous).</summary>
    public async Task<ImageRecord> PullAsync(string image, RegistryCredentials? credentials, string serverAddress, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(image);
        Log.PullStarted(logger, reference.ToString());
        var start = time.GetTimestamp();
        try
        {
            var resolved = await ResolveAsync(reference, credentials, serverAddress, cancellationToken).ConfigureAwait(false);
            var (record, downloaded) = await FetchAsync(resolved, cancellationToken).ConfigureAwait(false);
            Log.PullCompleted(logger, resolved.Reference.ToString(), record.Id, record.Layers.Count, downloaded, (long)time.GetElapsedTime(start).TotalMilliseconds);
            return record;
        }
        catch (CriMeshException e)
        {
            Log.PullFailed(logger, reference.ToString(), e.Kind.ToString(), e.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            Log.PullFailed(logger, reference.ToString(), "Cancelled", "the caller cancelled or its deadline passed");
            throw;
        }
    }

    /// <summary>Finds the first endpoint that serves the manifest; the most telling error when none does.</summary>
    private async Task<ResolvedImage> ResolveAsync(ImageReference reference, RegistryCredentials? credentials, string serverAddress, CancellationToken cancellationToken)
    {
        var errors = new List<(bool Mirror, CriMeshException Error)>();
        var owner = CredentialSource.OwnerOf(reference, serverAddress);
        foreach (var candidate in resolver.Candidates(reference))
        {
            foreach (var endpoint in resolver.Endpoints(candidate))
            {
                var session = client.Open(endpoint, credentialSource.For(endpoint, credentials, owner));
                try
                {
                    return await ResolveAtAsync(session, candidate, cancellationToken).ConfigureAwait(false);
                }
                catch (CriMeshException e) when (e.Kind != ErrorKind.Unimplemented)
                {
                    Log.EndpointFailed(logger, endpoint.ToString(), candidate.ToString(), e.Message);
                    errors.Add((endpoint.IsMirror, e));
                }
            }
        }
        var direct = errors.Where(e => !e.Mirror).Select(e => e.Error).ToList();
        throw direct.FirstOrDefault(e => e.Kind != ErrorKind.NotFound) ?? direct.FirstOrDefault() ?? errors[0].Error;
    }

    private static async Task<ResolvedImage> ResolveAtAsync(RegistrySession session, ImageReference reference, CancellationToken cancellationToken)
    {
        var wanted = reference.Digest?.ToString() ?? reference.Tag!;
        var top = await session.GetManifestAsync(wanted, cancellationToken).ConfigureAwait(false);
        var parsed = ManifestParser.Parse(top.Content, top.ContentType, reference.ToString());
        var manifest = top;
        if (parsed.Kind == ManifestKind.Index)
        {
            var chosen = PlatformSelector.Select(parsed.Manifests, PlatformSelector.Host, reference.ToString());
            manifest = await session.GetManifestAsync(chosen.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            if (manifest.Content.Length != chosen.Size)
            {
                throw new CriMeshException(ErrorKind.DataLoss,
                    $"manifest {chosen.Digest} of {reference} is {manifest.Content.Length} bytes, not the {chosen.Size} its index gives");
            }
            parsed = ManifestParser.Parse(manifest.Content, manifest.ContentType, $"{reference.Name}@{chosen.Digest}");
            if (parsed.Kind != ManifestKind.Image)
            {
                throw CriMeshException.Invalid($"index of {reference} points at another index ({chosen.Digest}); nested indexes are not supported");
            }
        }
        return new ResolvedImage(session, reference, top, manifest, parsed);
    }
}
