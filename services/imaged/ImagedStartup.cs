using CriMesh.Imaged.Options;
using CriMesh.Imaged.Registries;
using CriMesh.Imaged.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged;

/// <summary>
/// The start step: lays out the store (removing a crash's temporaries) and loads the registry
/// configuration. Nothing needs healing in storaged: a pull that died left only a lease, which expires.
/// </summary>
internal sealed class ImagedStartup(ImageStore store, RegistryResolver resolver, ImagedOptions options, ILogger<ImagedStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var repaired = store.Initialize();
        if (repaired > 0)
        {
            Log.StoreModesRepaired(logger, store.Root, repaired);
        }
        Log.StoreOpened(logger, store.Root, store.List().Count);
        DropLeftLayerBlobs();
        Log.RegistriesLoaded(logger, resolver.Config.Registries.Count, string.Join(", ", resolver.SearchRegistries));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Layer blobs of committed images that a stop between commit and drop (or keep_layer_blobs, now off)
    /// left behind; no pull runs yet, so none is held.
    /// </summary>
    private void DropLeftLayerBlobs()
    {
        if (options.KeepLayerBlobs || !options.UnpackLayers)
        {
            return;
        }
        foreach (var image in store.List().Where(i => i.Unpacked))
        {
            var freed = store.DropLayerBlobs(image, ownHolds: 0);
            if (freed > 0)
            {
                Log.LayerBlobsDropped(logger, image.Id, freed);
            }
        }
    }
}
