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
    /// Unpacks the blob at <paramref name="blobPath"/> on top of <paramref name="parentChainId"/>. Idempotent:
    /// a present layer is returned with Existed = true, and concurrent calls for one layer share one unpack.
    /// </summary>
    public async Task<(LayerRecord Layer, bool Existed)> ApplyLayerAsync(
        string blobPath, string mediaType, string parentChainId, string diffId, string blobDigest, CancellationToken cancellationToken)
    {
        if (!Path.IsPathFullyQualified(blobPath))
        {
            throw CriMeshException.Invalid($"blob path \"{blobPath}\" is not absolute");
        }
        LayerMediaTypes.RequireLayer(mediaType);
        ChainIds.Validate(diffId, "diff_id");
        if (parentChainId.Length > 0)
        {
            ChainIds.Validate(parentChainId, "parent chain id");
        }
        var chainId = ChainId.Of(parentChainId, diffId);
        if (catalog.Layers.TryGetValue(chainId, out var existing))
        {
            Touch(chainId);
            return (existing, true);
        }
        if (parentChainId.Length > 0)
        {
            // Keeps the parent chain from garbage collection while the child unpacks.
            catalog.Chain(parentChainId).ForEach(l => Touch(l.ChainId));
        }

        var ((layer, existed), joined) = await unpacks.RunAsync(
            chainId, stop => UnpackAsync(blobPath, parentChainId, diffId, blobDigest, chainId, stop), cancellationToken).ConfigureAwait(false);
        return (layer, existed || joined);
    }

    /// <summary>
    /// Waits for a slot, unpacks within the limits of <see cref="UnpackLimits"/>, commits. Stopped by
    /// <paramref name="cancellationToken"/> (every caller gave up): the slot is freed and tmp/ emptied.
    /// </summary>
    private async Task<(LayerRecord, bool)> UnpackAsync(
        string blobPath, string parentChainId, string diffId, string blobDigest, string chainId, CancellationToken cancellationToken)
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
            LayerUnpacker.Result result;
            try
            {
                var bytesBelow = parentChainId.Length == 0 ? 0 : catalog.Chain(parentChainId).Sum(l => l.Size);
                result = LayerUnpacker.Unpack(blobPath, diff, diffId, UnpackLimits.For(catalog.Options, bytesBelow), cancellationToken);
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
            var layer = await CommitAsync(tmp, new LayerRecord
            {
                ChainId = chainId,
                DiffId = diffId,
                ParentChainId = parentChainId,
                BlobDigest = blobDigest,
                Link = "",
                Size = result.Bytes,
                Inodes = result.Inodes,
                CreatedUnixNano = catalog.NowUnixNano(),
            }).ConfigureAwait(false);
            if (layer.Existed)
            {
                return (layer.Record, true);
            }
            Log.LayerUnpacked(logger, chainId, result.Bytes, result.Inodes, clock.Elapsed);
            return (layer.Record, false);
        }
        finally
        {
            unpackGate.Release();
            DeleteQuietly(tmp);
        }
    }

    /// <summary>Under the lock: give the layer a short link, write its record, rename it into layers/.</summary>
    private async Task<(LayerRecord Record, bool Existed)> CommitAsync(string tmp, LayerRecord unlinked)
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
            RecordFile.Write(Path.Combine(tmp, "layer.json"), record, StoreJson.Default.LayerRecord);
            Directory.Move(tmp, layout.LayerDir(record.ChainId));
            RecordFile.SyncDirectory(layout.Layers);
        }
        catch
        {
            File.Delete(layout.Link(record.Link));
            throw;
        }
        catalog.Layers[record.ChainId] = record;
        Touch(record.ChainId);
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

    private void Touch(string chainId) => catalog.Touched[chainId] = catalog.Time.GetUtcNow();

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
