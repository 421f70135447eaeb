using CriMesh.Common.Errors;
using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Store;

namespace CriMesh.Imaged.Pull;

public sealed partial class ImagePuller
{
    private async Task<(ImageRecord Record, long Downloaded)> FetchAsync(ResolvedImage resolved, CancellationToken cancellationToken)
    {
        var manifest = resolved.Parsed;
        var session = resolved.Session;
        var configDescriptor = manifest.Config!;
        var configBytes = await session.GetSmallBlobAsync(configDescriptor, MaxConfigBytes, cancellationToken).ConfigureAwait(false);
        var config = ImageConfig.Parse(configBytes, configDescriptor.Digest.ToString());
        if (config.DiffIds.Count != manifest.Layers.Count)
        {
            throw CriMeshException.Invalid(
                $"image config {configDescriptor.Digest} of {resolved.Reference} lists {config.DiffIds.Count} diff_ids for {manifest.Layers.Count} layers");
        }
        var chain = ChainId.ListOf(config.DiffIds);
        var layers = manifest.Layers.Select((l, i) => new ImageLayerRecord
        {
            Digest = l.Digest.ToString(),
            DiffId = config.DiffIds[i].ToString(),
            ChainId = chain[i],
            MediaType = l.MediaType,
            Size = l.Size,
        }).ToList();

        using var blobHold = store.Lease([configDescriptor.Digest, resolved.Manifest.Digest, resolved.Top.Digest, .. manifest.Layers.Select(l => l.Digest)]);
        using var progress = new PullProgress(resolved.Reference.ToString(), manifest.Layers.Sum(l => l.Size), layers.Count,
            options.PullProgressInterval, time, logger);
        var lease = await unpacker.OpenLeaseAsync(resolved.Reference.ToString(), cancellationToken).ConfigureAwait(false);
        try
        {
            var durable = await FetchLayersAsync(resolved, lease, layers, config, progress, cancellationToken).ConfigureAwait(false);
            store.WriteBlob(configDescriptor.Digest, configBytes);
            store.WriteBlob(resolved.Manifest.Digest, resolved.Manifest.Content);
            store.WriteBlob(resolved.Top.Digest, resolved.Top.Content);
            var id = configDescriptor.Digest.ToString();
            var top = chain.Count > 0 ? chain[^1] : "";
            var record = NewRecord(resolved, config, layers, id, top);
            // Publishing is quick and must not be torn by a deadline that passes right now.
            await durable.ConfigureAwait(false);
            await PullStep.ReachedAsync(PullStep.BeforeCommit).ConfigureAwait(false);
            // storaged's hold first, imaged's index second: a crash between leaves a hold for an image imaged
            // does not list (a retry of the pull reuses it), never an image whose layers nothing holds.
            using (var commitBound = new CancellationTokenSource(CommitTimeout))
            {
                await unpacker.CommitLeaseAsync(lease, id, top, commitBound.Token).ConfigureAwait(false);
            }
            var committed = await store.CommitAsync(record, CancellationToken.None).ConfigureAwait(false);
            DropLayerBlobs(committed);
            return (committed, progress.NetworkBytes);
        }
        catch
        {
            await DeleteLeaseAsync(lease).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Once storaged holds the image's layers unpacked and the image is committed, their compressed blobs
    /// go (unless keep_layer_blobs, or without storaged, where the blobs are the only copy); blobs another
    /// pull holds stay for it.
    /// </summary>
    private void DropLayerBlobs(ImageRecord committed)
    {
        if (options.KeepLayerBlobs || !unpacker.VerifiesDiffIds)
        {
            return;
        }
        try
        {
            var freed = store.DropLayerBlobs(committed, ownHolds: 1);
            Log.LayerBlobsDropped(logger, committed.Id, freed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The image is committed; a blob left behind is only disk, collected at the next start.
            Log.LayerBlobsDropFailed(logger, committed.Id, e.Message);
        }
    }

    /// <summary>The commit runs past the pull's deadline (it is quick), but not forever if storaged hangs.</summary>
    private static readonly TimeSpan CommitTimeout = TimeSpan.FromMinutes(1);

    private ImageRecord NewRecord(ResolvedImage resolved, ImageConfig config, List<ImageLayerRecord> layers, string id, string top)
    {
        var manifest = resolved.Parsed;
        var configDescriptor = manifest.Config!;
        return new ImageRecord
        {
            Id = id,
            RepoTags = resolved.Reference.TaggedName is { } tag ? [tag] : [],
            RepoDigests = [$"{resolved.Reference.Name}@{resolved.Top.Digest}"],
            ManifestDigest = resolved.Manifest.Digest.ToString(),
            ManifestMediaType = manifest.MediaType,
            Size = configDescriptor.Size + manifest.Layers.Sum(l => l.Size),
            Layers = layers,
            TopChainId = top,
            User = config.User,
            Os = config.Platform.Os,
            Architecture = config.Platform.Architecture,
            Variant = config.Platform.Variant,
            CreatedUnixNano = config.Created is { } c ? (c - DateTimeOffset.UnixEpoch).Ticks * 100 : 0,
            PulledUnixNano = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100,
            Unpacked = unpacker is not NoUnpacker,
        };
    }

    /// <summary>
    /// Drops the lease of a failed pull with a fresh bounded token (the request's may be cancelled). Not
    /// needed for correctness: a lease left behind expires and storaged collects what only it held.
    /// </summary>
    private async Task DeleteLeaseAsync(string lease)
    {
        if (lease.Length == 0)
        {
            return;
        }
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await unpacker.DeleteLeaseAsync(lease, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CriMeshException or OperationCanceledException or Grpc.Core.RpcException)
        {
            Log.LeaseDeleteFailed(logger, lease, e.Message);
        }
    }

    /// <summary>
    /// Downloads all layers in parallel and unpacks them in order, each as soon as it is verified. On any
    /// failure the other downloads are stopped and awaited before the error goes up. Returns the task that
    /// makes the downloaded blobs durable (fsync in the background, while later layers unpack).
    /// </summary>
    private async Task<Task> FetchLayersAsync(
        ResolvedImage resolved, string lease, List<ImageLayerRecord> layers, ImageConfig config, PullProgress progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var descriptors = resolved.Parsed.Layers;
        var downloads = descriptors.Select((d, i) => UnpackedAlready(layers[i])
            ? Task.FromResult(false)
            : DownloadLayerAsync(resolved, d, config.DiffIds[i], progress, stop.Token)).ToArray();
        var syncs = new List<Task>();
        try
        {
            var parent = "";
            for (var i = 0; i < layers.Count; i++)
            {
                if (await downloads[i].ConfigureAwait(false) && options.SyncLayerBlobs)
                {
                    var path = store.BlobPath(descriptors[i].Digest);
                    syncs.Add(Task.Run(() => ImageStore.Sync([path]), CancellationToken.None));
                }
                await PullStep.ReachedAsync(i == 0 ? PullStep.BeforeFirstLayer : PullStep.MidLayers).ConfigureAwait(false);
                try
                {
                    await ApplyLayerAsync(resolved, lease, descriptors[i], layers[i], parent, progress, stop.Token).ConfigureAwait(false);
                }
                catch (CriMeshException e) when (e.Kind is ErrorKind.DataLoss or ErrorKind.InvalidArgument)
                {
                    store.DeleteBlobIfUnused(descriptors[i].Digest);
                    throw new CriMeshException(e.Kind, $"layer {descriptors[i].Digest} of {resolved.Reference}: {e.Message}", e);
                }
                parent = layers[i].ChainId;
                progress.LayerDone();
            }
            await PullStep.ReachedAsync(PullStep.AfterLastLayer).ConfigureAwait(false);
            return Task.WhenAll(syncs);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(downloads).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Each download's own failure is secondary to the one being thrown.
            }
            try
            {
                await Task.WhenAll(syncs).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Durability of blobs that go back to ingest does not matter.
            }
            foreach (var d in descriptors)
            {
                store.ReturnToIngest(d.Digest);
            }
            throw;
        }
    }

    /// <summary>
    /// True when the layer's blob was dropped because an image committed earlier holds the same chain
    /// unpacked in storaged: the pull then asks storaged first and downloads only if storaged lacks it.
    /// </summary>
    private bool UnpackedAlready(ImageLayerRecord layer) =>
        unpacker.VerifiesDiffIds && !store.HasBlob(Digest.Parse(layer.Digest, "layer"), layer.Size)
        && store.List().Any(i => i.Unpacked && i.Layers.Any(l => l.ChainId == layer.ChainId));

    /// <summary>
    /// Hands the layer to storaged. A layer not downloaded because storaged held it unpacked, but gone there
    /// since (NotFound for its blob), is downloaded now and handed over again.
    /// </summary>
    private async Task ApplyLayerAsync(ResolvedImage resolved, string lease, Descriptor descriptor, ImageLayerRecord layer, string parent,
        PullProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            await unpacker.ApplyAsync(lease, layer, parent, cancellationToken).ConfigureAwait(false);
        }
        catch (CriMeshException e) when (e.Kind == ErrorKind.NotFound && !store.HasBlob(descriptor.Digest, descriptor.Size))
        {
            await downloader.EnsureAsync(resolved.Session, descriptor, progress.Add, cancellationToken).ConfigureAwait(false);
            await unpacker.ApplyAsync(lease, layer, parent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ensures one layer blob is present and (without storaged) checks its diff_id; true when downloaded now.</summary>
    private async Task<bool> DownloadLayerAsync(ResolvedImage resolved, Descriptor layer, Digest diffId, PullProgress progress, CancellationToken cancellationToken)
    {
        var downloaded = await downloader.EnsureAsync(resolved.Session, layer, progress.Add, cancellationToken).ConfigureAwait(false);
        if (unpacker.VerifiesDiffIds)
        {
            return downloaded;
        }
        var key = (layer.Digest.ToString(), diffId.ToString());
        if (_verifiedDiffIds.ContainsKey(key) || store.List().Any(i => i.Layers.Any(l => l.Digest == key.Item1 && l.DiffId == key.Item2)))
        {
            return downloaded;
        }
        try
        {
            await DiffIdVerifier.VerifyAsync(store.BlobPath(layer.Digest), layer.MediaType, layer.Digest, diffId, cancellationToken).ConfigureAwait(false);
        }
        catch (CriMeshException)
        {
            store.DeleteBlobIfUnused(layer.Digest);
            throw;
        }
        _verifiedDiffIds[key] = true;
        return downloaded;
    }
}
