using System.Diagnostics;
using CriMesh.Common.Errors;
using CriMesh.Common.Images;
using CriMesh.Storaged.Store;
using CriMesh.Storaged.Unpack;

namespace CriMesh.Storaged.Layers;

/// <summary>ApplyLayer: validate, share one unpack per chain ID, unpack into tmp/, verify, rename into place.</summary>
public sealed partial class LayerStore
{
    /// <summary>
    /// Unpacks the content-store blob named by <paramref name="blobDigest"/> (or the deprecated
    /// <paramref name="blobPath"/>, see <see cref="ContentStore.Resolve"/>) on top of
    /// <paramref name="parentChainId"/> under the lease <paramref name="leaseId"/>, which then holds the layer.
    /// Idempotent: a present layer is returned with Existed = true, and concurrent calls for one layer share
    /// one unpack.
    /// </summary>
    public async Task<(UnpackedLayerRecord Layer, bool Existed)> ApplyLayerAsync(
        string leaseId, string blobPath, string mediaType, string parentChainId, string diffId, string blobDigest, CancellationToken cancellationToken)
    {
        LeaseRecord.ValidateId(leaseId);
        var blob = content.Resolve(blobPath, blobDigest);
        LayerMediaTypes.RequireLayer(mediaType);
        Digest.RequireSha256(diffId, "diff_id");
        if (parentChainId.Length > 0)
        {
            Digest.RequireSha256(parentChainId, "parent chain id");
        }
        var chainId = ChainId.Of(parentChainId, diffId);
        if (await JoinLeaseAsync(leaseId, parentChainId, chainId, cancellationToken).ConfigureAwait(false) is { } present)
        {
            return (present, true);
        }

        // Counted before the unpack starts, so GC keeps the layer from its commit until it joins the lease.
        joining.AddOrUpdate(chainId, 1, (_, n) => n + 1);
        try
        {
            var ((_, existed), joined) = await unpacks.RunAsync(
                chainId, stop => UnpackAsync(blob, parentChainId, diffId, chainId, stop), cancellationToken).ConfigureAwait(false);
            var layer = await JoinLeaseAsync(leaseId, parentChainId, chainId, CancellationToken.None).ConfigureAwait(false)
                ?? throw new CriMeshException(ErrorKind.Internal, $"layer {chainId} vanished between its unpack and lease {leaseId}");
            return (layer, existed || joined);
        }
        finally
        {
            if (joining.AddOrUpdate(chainId, 0, (_, n) => n - 1) <= 0)
            {
                joining.TryRemove(KeyValuePair.Create(chainId, 0));
            }
        }
    }

    /// <summary>
    /// Waits for a slot, unpacks within the limits of <see cref="UnpackLimits"/>, commits. Stopped by
    /// <paramref name="cancellationToken"/> (every caller gave up): the slot is freed and tmp/ emptied.
    /// </summary>
    private async Task<(UnpackedLayerRecord, bool)> UnpackAsync(
        Digest blob, string parentChainId, string diffId, string chainId, CancellationToken cancellationToken)
    {
        if (catalog.Layers.TryGetValue(chainId, out var existing))
        {
            return (existing, true);
        }
        await unpackGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var tmp = catalog.Layout.NewTmp("layer");
        try
        {
            var diff = Path.Combine(tmp, "diff");
            Directory.CreateDirectory(diff);
            var clock = Stopwatch.StartNew();
            try
            {
                var bytesBelow = parentChainId.Length == 0 ? 0 : catalog.Chain(parentChainId).Sum(l => l.Size);
                var limits = UnpackLimits.For(catalog.Options, bytesBelow);
                LayerUnpacker.Unpack(content.Open(blob), content.PathOf(blob), diff, diffId, limits, cancellationToken);
            }
            catch (CriMeshException e)
            {
                Log.LayerRejected(logger, chainId, e.Message);
                throw;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Log.UnpackAbandoned(logger, chainId, clock.Elapsed);
                throw;
            }
            // What the layer really uses on disk (allocated blocks of every inode, directories included), which
            // ImageFsInfo reports; the unpack's own count of file data leaves out blocks and metadata.
            var (used, inodes) = FileTree.Measure(diff);
            var layer = await CommitAsync(tmp, new UnpackedLayerRecord
            {
                ChainId = chainId,
                DiffId = diffId,
                ParentChainId = parentChainId,
                BlobDigest = blob.ToString(),
                Link = "",
                Size = used,
                Inodes = inodes,
                CreatedUnixNano = catalog.NowUnixNano(),
            }).ConfigureAwait(false);
            if (layer.Existed)
            {
                return (layer.Record, true);
            }
            Log.LayerUnpacked(logger, chainId, used, inodes, clock.Elapsed);
            return (layer.Record, false);
        }
        finally
        {
            unpackGate.Release();
            DeleteQuietly(tmp);
        }
    }

    /// <summary>Under the lock: give the layer a short link, write its record, rename it into layers/.</summary>
    private async Task<(UnpackedLayerRecord Record, bool Existed)> CommitAsync(string tmp, UnpackedLayerRecord unlinked)
    {
        using var held = await catalog.Lock.AcquireAsync(CancellationToken.None).ConfigureAwait(false);
        if (catalog.Layers.TryGetValue(unlinked.ChainId, out var existing))
        {
            return (existing, true);
        }
        if (unlinked.ParentChainId.Length > 0 && !catalog.Layers.ContainsKey(unlinked.ParentChainId))
        {
            throw CriMeshException.NotFound($"parent layer {unlinked.ParentChainId} of {unlinked.ChainId} was removed while it unpacked");
        }
        var layout = catalog.Layout;
        var record = unlinked with { Link = CreateLink(unlinked.ChainId) };
        try
        {
            RecordFile.Write(Path.Combine(tmp, "layer.json"), record, StoreJson.Default.UnpackedLayerRecord);
            Directory.Move(tmp, layout.LayerDir(record.ChainId));
            RecordFile.SyncDirectory(layout.Layers);
        }
        catch
        {
            File.Delete(layout.Link(record.Link));
            throw;
        }
        catalog.Layers[record.ChainId] = record;
        return (record, false);
    }

    /// <summary>Creates l/&lt;random&gt; → ../layers/&lt;chain&gt;/diff with a name no other layer has.</summary>
    private string CreateLink(string chainId)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var link = string.Create(12, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)];
                }
            });
            try
            {
                File.CreateSymbolicLink(catalog.Layout.Link(link), StoreLayout.LinkTarget(chainId));
                return link;
            }
            catch (IOException) when (CriMesh.Linux.Interop.Libc.Statx(catalog.Layout.Link(link), CriMesh.Linux.Interop.Libc.AT_SYMLINK_NOFOLLOW, out _) == 0)
            {
            }
        }
        throw new CriMeshException(ErrorKind.Internal, $"could not find a free short link name for layer {chainId}");
    }

    private void DeleteQuietly(string path)
    {
        try
        {
            FileTree.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.DeleteFailed(logger, path, e.Message);
        }
    }
}
