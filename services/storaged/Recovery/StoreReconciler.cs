using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Store;
using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged.Recovery;

/// <summary>
/// Brings the store back to a consistent state at open (under the lock): deletes tmp/ leftovers of an
/// interrupted unpack or deletion, unmounts and deletes container filesystems whose record is missing or
/// broken or whose layers vanished, drops layers and image holds whose data vanished, repairs l/ links,
/// and loads what remains into the catalog.
/// </summary>
internal sealed class StoreReconciler(StoreCatalog catalog, OverlayMounter mounter, ILogger logger)
{
    /// <summary>Takes the store lock, reconciles, and logs what was loaded.</summary>
    public static async Task RunAsync(StoreCatalog catalog, CancellationToken cancellationToken)
    {
        var loggers = catalog.Loggers;
        using (await catalog.Lock.AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            var mounter = new OverlayMounter(loggers.CreateLogger<OverlayMounter>());
            new StoreReconciler(catalog, mounter, loggers.CreateLogger<StoreReconciler>()).Run();
        }
        Log.StoreOpened(loggers.CreateLogger<StoreCatalog>(), catalog.Layout.Root, catalog.Layers.Count, catalog.Images.Count, catalog.Rootfs.Count);
    }

    private StoreLayout Layout => catalog.Layout;

    public void Run()
    {
        CleanTmp();
        LoadLayers();
        DropBrokenChains();
        RepairLinks();
        LoadImages();
        LoadLeases();
        LoadRootfs();
    }

    private void CleanTmp()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(Layout.Tmp).ToList())
        {
            mounter.UnmountAllUnder(path);
            Remove("tmp leftover", path, "interrupted unpack or deletion");
        }
    }

    private void LoadLayers()
    {
        foreach (var dir in Directory.EnumerateDirectories(Layout.Layers).ToList())
        {
            var record = RecordFile.Read(Path.Combine(dir, "layer.json"), StoreJson.Default.UnpackedLayerRecord);
            if (record is null || Layout.LayerDir(record.ChainId) != dir || !Directory.Exists(Path.Combine(dir, "diff")))
            {
                Retire("layer", dir, "record missing, broken or not matching its directory");
                continue;
            }
            catalog.Layers[record.ChainId] = record;
        }
    }

    private void DropBrokenChains()
    {
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var layer in catalog.Layers.Values.ToList())
            {
                if (layer.ParentChainId.Length > 0 && !catalog.Layers.ContainsKey(layer.ParentChainId))
                {
                    catalog.Layers.TryRemove(layer.ChainId, out _);
                    Retire("layer", Layout.LayerDir(layer.ChainId), $"parent {layer.ParentChainId} vanished");
                    changed = true;
                }
            }
        }
    }

    private void RepairLinks()
    {
        var wanted = catalog.Layers.Values.ToDictionary(l => l.Link, l => l, StringComparer.Ordinal);
        foreach (var link in Directory.EnumerateFileSystemEntries(Layout.Links).ToList())
        {
            var name = Path.GetFileName(link);
            if (!wanted.TryGetValue(name, out var layer) || new FileInfo(link).LinkTarget != StoreLayout.LinkTarget(layer.ChainId))
            {
                File.Delete(link);
            }
        }
        foreach (var layer in catalog.Layers.Values)
        {
            if (new FileInfo(Layout.Link(layer.Link)).LinkTarget is null)
            {
                File.CreateSymbolicLink(Layout.Link(layer.Link), StoreLayout.LinkTarget(layer.ChainId));
            }
        }
    }

    private void LoadImages()
    {
        foreach (var file in Directory.EnumerateFiles(Layout.Images).ToList())
        {
            var record = file.EndsWith(".json", StringComparison.Ordinal)
                ? RecordFile.Read(file, StoreJson.Default.ImageHoldRecord)
                : null;
            if (record is null || Layout.ImageRecord(record.ImageId) != file || !catalog.Layers.ContainsKey(record.TopChainId))
            {
                Remove("image hold", file, "record broken, temporary, or its layers vanished");
                continue;
            }
            catalog.Images[record.ImageId] = record;
        }
    }

    /// <summary>Leases are kept as found, expired or not: garbage collection decides what they held.</summary>
    private void LoadLeases()
    {
        foreach (var file in Directory.EnumerateFiles(Layout.Leases).ToList())
        {
            var record = file.EndsWith(".json", StringComparison.Ordinal)
                ? RecordFile.Read(file, StoreJson.Default.LeaseRecord)
                : null;
            if (record is null || Layout.LeaseRecordFile(record.Id) != file)
            {
                Remove("lease", file, "record broken or temporary");
                continue;
            }
            catalog.Leases[record.Id] = record;
        }
    }

    private void LoadRootfs()
    {
        foreach (var dir in Directory.EnumerateDirectories(Layout.Rootfs).ToList())
        {
            var record = RecordFile.Read(Path.Combine(dir, "rootfs.json"), StoreJson.Default.RootfsRecord);
            string? reason = null;
            if (record is null || Layout.RootfsDir(record.ContainerId) != dir)
            {
                reason = "record missing or broken";
            }
            else if (record.Chain.FirstOrDefault(c => !catalog.Layers.ContainsKey(c)) is { } missing)
            {
                reason = $"its layer {missing} vanished";
            }
            if (reason is not null)
            {
                mounter.UnmountAllUnder(dir);
                Retire("container filesystem", dir, reason);
                continue;
            }
            catalog.Rootfs[record!.ContainerId] = record;
        }
    }

    /// <summary>Renames into tmp/ first (so the object is gone at once), then deletes.</summary>
    private void Retire(string what, string path, string reason)
    {
        var tmp = Layout.NewTmp("retire");
        Directory.Move(path, tmp);
        Remove(what, tmp, reason);
    }

    private void Remove(string what, string path, string reason)
    {
        FileTree.Delete(path);
        Log.ReconcileRemoved(logger, what, path, reason);
    }
}
