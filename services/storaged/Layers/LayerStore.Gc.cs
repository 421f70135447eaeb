using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Layers;

/// <summary>Garbage collection: remove layers no lease, image and container filesystem holds.</summary>
public sealed partial class LayerStore
{
    public sealed record GcResult(IReadOnlyList<string> RemovedChainIds, long FreedBytes);

    /// <summary>
    /// Drops expired leases, then removes every layer that no live lease, image hold or container
    /// filesystem reaches and no ApplyLayer is working on. With <paramref name="dryRun"/> only reports what
    /// it would remove (expired leases stay).
    /// </summary>
    public async Task<GcResult> GarbageCollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var now = catalog.NowUnixNano();
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in catalog.Leases.Values)
        {
            if (!lease.ExpiredAt(now))
            {
                keep.UnionWith(lease.ChainIds.SelectMany(ChainIdsBelow));
            }
            else if (!dryRun)
            {
                Drop(lease);
                Log.LeaseExpired(logger, lease.Id, lease.Purpose);
            }
        }
        foreach (var image in catalog.Images.Values)
        {
            keep.UnionWith(ChainIdsBelow(image.TopChainId));
        }
        foreach (var rootfs in catalog.Rootfs.Values)
        {
            keep.UnionWith(rootfs.Chain);
        }
        foreach (var key in unpacks.Keys().Concat(joining.Keys))
        {
            keep.UnionWith(ChainIdsBelow(key));
            keep.Add(key);
        }
        var victims = catalog.Layers.Values.Where(l => !keep.Contains(l.ChainId)).OrderBy(l => l.ChainId, StringComparer.Ordinal).ToList();
        if (dryRun)
        {
            return new GcResult(victims.Select(v => v.ChainId).ToList(), victims.Sum(v => v.Size));
        }
        var removed = new List<string>();
        long freed = 0;
        foreach (var victim in victims)
        {
            var tmp = catalog.Layout.NewTmp("gc");
            Directory.Move(catalog.Layout.LayerDir(victim.ChainId), tmp);
            catalog.Layers.TryRemove(victim.ChainId, out _);
            File.Delete(catalog.Layout.Link(victim.Link));
            DeleteQuietly(tmp);
            removed.Add(victim.ChainId);
            freed += victim.Size;
            Log.LayerCollected(logger, victim.ChainId, victim.Size);
        }
        if (removed.Count > 0)
        {
            RecordFile.SyncDirectory(catalog.Layout.Layers);
        }
        return new GcResult(removed, freed);
    }
}
