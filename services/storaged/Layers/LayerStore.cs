using System.Collections.Concurrent;
using CriMesh.Common.Errors;
using CriMesh.Common.Images;
using CriMesh.Storaged.Store;
using CriMesh.Storaged.Unpack;
using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged.Layers;

/// <summary>
/// Unpacked layers keyed by chain ID, shared between images and held by leases (pulls in flight), image
/// records and container filesystems; what nobody holds is removed by <see cref="GarbageCollectAsync"/>. See
/// <see cref="StoreLayout"/> for the files.
/// </summary>
public sealed partial class LayerStore : IDisposable
{
    private readonly StoreCatalog catalog;
    private readonly ILogger logger;
    private readonly SemaphoreSlim unpackGate;
    private readonly SharedUnpacks<(UnpackedLayerRecord, bool)> unpacks = new();
    private readonly ConcurrentDictionary<string, int> joining = new(StringComparer.Ordinal);
    private readonly ContentStore content;

    public LayerStore(StoreCatalog catalog)
    {
        this.catalog = catalog;
        logger = catalog.Loggers.CreateLogger<LayerStore>();
        unpackGate = new SemaphoreSlim(catalog.Options.MaxConcurrentUnpacks, catalog.Options.MaxConcurrentUnpacks);
        content = new ContentStore(catalog.Options.ContentStore.Length > 0
            ? catalog.Options.ContentStore
            : Path.Combine(Path.GetDirectoryName(catalog.Layout.Root)!, "imaged", "blobs"));
    }

    /// <summary>The layer with <paramref name="chainId"/>; NotFound when absent.</summary>
    public UnpackedLayerRecord Get(string chainId)
    {
        Digest.RequireSha256(chainId, "chain id");
        return catalog.Layers.TryGetValue(chainId, out var layer)
            ? layer
            : throw CriMeshException.NotFound($"layer {chainId} not found");
    }

    /// <summary>Every layer, ordered by chain ID.</summary>
    public IReadOnlyList<UnpackedLayerRecord> List() =>
        catalog.Layers.Values.OrderBy(l => l.ChainId, StringComparer.Ordinal).ToList();

    /// <summary>How many images and container filesystems hold each layer (directly or as a parent).</summary>
    public Dictionary<string, int> References()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(IEnumerable<string> chain)
        {
            foreach (var id in chain)
            {
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        }
        foreach (var image in catalog.Images.Values)
        {
            Count(ChainIdsBelow(image.TopChainId));
        }
        foreach (var rootfs in catalog.Rootfs.Values)
        {
            Count(rootfs.Chain);
        }
        return counts;
    }

    public void Dispose() => unpackGate.Dispose();

    /// <summary>Chain IDs from <paramref name="top"/> down, stopping quietly at a missing layer.</summary>
    internal IEnumerable<string> ChainIdsBelow(string top)
    {
        for (var (id, n) = (top, 0); id.Length > 0 && n < 4096 && catalog.Layers.TryGetValue(id, out var layer); id = layer.ParentChainId, n++)
        {
            yield return id;
        }
    }
}
