using CriMesh.Storaged.Layers;
using CriMesh.Storaged.Options;
using CriMesh.Storaged.Rootfs;
using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged.Store;

/// <summary>An open store with its three faces: layers (and image holds), container filesystems, usage.</summary>
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
        var catalog = await StoreCatalog.OpenAsync(root, options, time, loggers, cancellationToken).ConfigureAwait(false);
        return new Storage(catalog);
    }

    public void Dispose()
    {
        Layers.Dispose();
        Catalog.Dispose();
    }
}
