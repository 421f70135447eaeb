using System.Security.Cryptography;
using CriMesh.Common.Errors;
using CriMesh.Common.Images;
using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Layers;

/// <summary>
/// Leases, the containerd pattern: a pull opens one, applies its layers under it, and commits it into the
/// image's hold in one step under the store lock. A puller that dies leaves a lease that expires, and GC
/// then takes what only that lease held; no grace period, no undo.
/// </summary>
public sealed partial class LayerStore
{
    /// <summary>Opens a lease living <paramref name="expiry"/> (zero: the configured default) past each use.</summary>
    public async Task<LeaseRecord> CreateLeaseAsync(TimeSpan expiry, string purpose, CancellationToken cancellationToken)
    {
        if (expiry < TimeSpan.Zero)
        {
            throw CriMeshException.Invalid($"lease expiry must not be negative, not {expiry}");
        }
        if (purpose.Length > 512 || purpose.Any(char.IsControl))
        {
            throw CriMeshException.Invalid("lease purpose is longer than 512 characters or has control characters");
        }
        var options = catalog.Options;
        var ttl = expiry == TimeSpan.Zero ? options.LeaseExpiry : expiry > options.MaxLeaseExpiry ? options.MaxLeaseExpiry : expiry;
        var now = catalog.NowUnixNano();
        var lease = new LeaseRecord
        {
            Id = RandomNumberGenerator.GetHexString(32, lowercase: true),
            Purpose = purpose,
            ExpiryMillis = (long)ttl.TotalMilliseconds,
            ExpiresUnixNano = now + (ttl.Ticks * 100),
            CreatedUnixNano = now,
        };
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        Save(lease);
        Log.LeaseCreated(logger, lease.Id, purpose, ttl);
        return lease;
    }

    /// <summary>
    /// Makes the lease's layers the hold of <paramref name="imageId"/> on <paramref name="topChainId"/> and
    /// drops the lease, under one lock. The hold is written before the lease is removed, so a crash between
    /// leaves both (the lease then expires harmlessly). Idempotent.
    /// </summary>
    public async Task CommitLeaseAsync(string leaseId, string imageId, string topChainId, CancellationToken cancellationToken)
    {
        LeaseRecord.ValidateId(leaseId);
        ImageHoldRecord.ValidateImageId(imageId);
        Digest.RequireSha256(topChainId, "top chain id");
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        if (!catalog.Leases.TryGetValue(leaseId, out var lease) || lease.ExpiredAt(catalog.NowUnixNano()))
        {
            if (catalog.Images.TryGetValue(imageId, out var image) && image.TopChainId == topChainId && lease is null)
            {
                return;
            }
            throw CriMeshException.NotFound($"lease {leaseId} not found or expired; pull the image again");
        }
        if (!lease.ChainIds.Any(c => ChainIdsBelow(c).Contains(topChainId, StringComparer.Ordinal)))
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"lease {leaseId} holds no layer {topChainId}");
        }
        catalog.Chain(topChainId);
        WriteHold(imageId, topChainId);
        Drop(lease);
        Log.LeaseCommitted(logger, leaseId, imageId, topChainId);
    }

    /// <summary>Drops the lease; its layers go at the next GC unless something else holds them. Idempotent.</summary>
    public async Task DeleteLeaseAsync(string leaseId, CancellationToken cancellationToken)
    {
        LeaseRecord.ValidateId(leaseId);
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        if (catalog.Leases.TryGetValue(leaseId, out var lease))
        {
            Drop(lease);
            Log.LeaseDeleted(logger, leaseId);
        }
    }

    /// <summary>
    /// Under the lock: checks that the lease is live, puts <paramref name="parentChainId"/> (which must exist)
    /// in it and, when <paramref name="chainId"/> is present, that layer too; renews the expiry. Returns the
    /// present layer, or null when it still has to be unpacked.
    /// </summary>
    private async Task<UnpackedLayerRecord?> JoinLeaseAsync(string leaseId, string parentChainId, string chainId, CancellationToken cancellationToken)
    {
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var now = catalog.NowUnixNano();
        if (!catalog.Leases.TryGetValue(leaseId, out var lease) || lease.ExpiredAt(now))
        {
            throw CriMeshException.NotFound($"lease {leaseId} not found or expired");
        }
        if (parentChainId.Length > 0)
        {
            catalog.Chain(parentChainId);
        }
        catalog.Layers.TryGetValue(chainId, out var layer);
        var hold = layer is not null ? chainId : parentChainId;
        var chains = hold.Length == 0 || lease.ChainIds.Contains(hold, StringComparer.Ordinal) ? lease.ChainIds : [.. lease.ChainIds, hold];
        Save(lease with { ChainIds = chains, ExpiresUnixNano = now + (lease.ExpiryMillis * 1_000_000) });
        return layer;
    }

    /// <summary>Writes an image's hold record (under the lock).</summary>
    private void WriteHold(string imageId, string topChainId)
    {
        if (catalog.Images.TryGetValue(imageId, out var existing) && existing.TopChainId == topChainId)
        {
            return;
        }
        var record = new ImageHoldRecord { ImageId = imageId, TopChainId = topChainId, CreatedUnixNano = catalog.NowUnixNano() };
        RecordFile.Write(catalog.Layout.ImageRecord(imageId), record, StoreJson.Default.ImageHoldRecord);
        catalog.Images[imageId] = record;
        Log.ImageRetained(logger, imageId, topChainId);
    }

    private void Save(LeaseRecord lease)
    {
        RecordFile.Write(catalog.Layout.LeaseRecordFile(lease.Id), lease, StoreJson.Default.LeaseRecord);
        catalog.Leases[lease.Id] = lease;
    }

    private void Drop(LeaseRecord lease)
    {
        File.Delete(catalog.Layout.LeaseRecordFile(lease.Id));
        RecordFile.SyncDirectory(catalog.Layout.Leases);
        catalog.Leases.TryRemove(lease.Id, out _);
    }
}
