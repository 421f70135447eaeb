using CriMesh.Common.Errors;
using CriMesh.Imaged.Pull;
using CriMesh.Imaged.Registries;
using CriMesh.Imaged.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged;

/// <summary>
/// The start step: lays out the store (removing a crash's temporaries), loads the registry
/// configuration, and re-retains every unpacked image in storaged in the background, so a crash
/// between storaged's release and imaged's index write heals itself.
/// </summary>
internal sealed class ImagedStartup(ImageStore store, RegistryResolver resolver, ILayerUnpacker unpacker, ILogger<ImagedStartup> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _retain = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var repaired = store.Initialize();
        if (repaired > 0)
        {
            Log.StoreModesRepaired(logger, store.Root, repaired);
        }
        Log.StoreOpened(logger, store.Root, store.List().Count);
        Log.RegistriesLoaded(logger, resolver.Config.Registries.Count, string.Join(", ", resolver.SearchRegistries));
        if (unpacker is not NoUnpacker)
        {
            _retain = Task.Run(() => RetainAllAsync(_stopping.Token), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    private async Task RetainAllAsync(CancellationToken cancellationToken)
    {
        foreach (var image in store.List().Where(i => i.Unpacked))
        {
            try
            {
                await unpacker.RetainAsync(image.Id, image.TopChainId, cancellationToken).ConfigureAwait(false);
            }
            catch (CriMeshException e)
            {
                Log.RetainFailed(logger, image.Id, e.Message);
                if (e.Kind == ErrorKind.Unavailable)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _retain.WaitAsync(cancellationToken).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
