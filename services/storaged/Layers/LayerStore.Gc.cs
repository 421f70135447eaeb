using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Layers;

/// <summary>Garbage collection: remove layers no image and no container filesystem holds.</summary>
public sealed partial class LayerStore
{
    public sealed record GcResult(IReadOnlyList<string> RemovedChainIds, long FreedBytes);

    /// <summary>
    /// Removes every layer that no image hold and no container filesystem reaches, except those unpacked
    /// or re-applied within the grace period (an image being pulled is not retained yet). With
    /// <paramref name="dryRun"/> only reports what it would remove.
    /// </summary>
    public async Task<GcResult> GarbageCollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        using var held = await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in catalog.Images.Values)
        {
            keep.UnionWith(ChainIdsBelow(image.TopChainId));
        }
        foreach (var rootfs in catalog.Rootfs.Values)
        {
            keep.UnionWith(rootfs.Chain);
        }
        foreach (var key in unpacks.Keys())
        {
            keep.Add(key);
        }
        var now = catalog.Time.GetUtcNow();
        var grace = catalog.Options.GcGracePeriod;
        foreach (var layer in catalog.Layers.Values)
        {
            var created = DateTimeOffset.UnixEpoch.AddTicks(layer.CreatedUnixNano / 100);
            var touched = catalog.Touched.TryGetValue(layer.ChainId, out var t) && t > created ? t : created;
            if (now - touched < grace)
            {
                // A young layer keeps its parents too.
                keep.UnionWith(ChainIdsBelow(layer.ChainId));
            }
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
            catalog.Touched.TryRemove(victim.ChainId, out _);
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
