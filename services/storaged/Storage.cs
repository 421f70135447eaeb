using CriMesh.Storaged.Layers;
using CriMesh.Storaged.Options;
using CriMesh.Storaged.Recovery;
using CriMesh.Storaged.Rootfs;
using CriMesh.Storaged.Store;
using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged;

/// <summary>
/// The top floor: opens the store (Store/), reconciles it with the system (Recovery/), and composes its
/// three faces. An open store with its three faces: layers (and image holds), container filesystems, usage.</summary>
public sealed class Storage : IDisposable
{
    private Storage(StoreCatalog catalog)
    {
        Catalog = catalog;
        Layers = new LayerStore(catalog);
        Rootfs = new RootfsStore(catalog);
        Usage = new UsageReporter(catalog);
    }

    public StoreCatalog Catalog { get; }

    public LayerStore Layers { get; }

    public RootfsStore Rootfs { get; }

    public UsageReporter Usage { get; }

    /// <summary>Opens (and reconciles) the store at <paramref name="root"/>.</summary>
    public static async Task<Storage> OpenAsync(string root, StoragedOptions options, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var catalog = StoreCatalog.Open(root, options, time, loggers);
        try
        {
            await StoreReconciler.RunAsync(catalog, cancellationToken).ConfigureAwait(false);
            return new Storage(catalog);
        }
        catch
        {
            catalog.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Layers.Dispose();
        Catalog.Dispose();
    }
}
