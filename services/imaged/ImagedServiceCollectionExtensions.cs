using CriMesh.Common.Config;
using CriMesh.Imaged.Distribution;
using CriMesh.Imaged.Options;
using CriMesh.Imaged.Pull;
using CriMesh.Imaged.Registries;
using CriMesh.Imaged.Store;
using CriMesh.Protos.Storaged.V1;
using Microsoft.Extensions.DependencyInjection;

namespace CriMesh.Imaged;

public static class ImagedServiceCollectionExtensions
{
    /// <summary>
    /// imaged's own services. Expects <see cref="NodeOptions"/>, <see cref="ImagedOptions"/> and
    /// <see cref="TimeProvider"/> registered, and (with unpack_layers) a storaged client.
    /// </summary>
    public static IServiceCollection AddImaged(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ImagedOptions>();
            var root = options.StoreDir.Length > 0 ? options.StoreDir : sp.GetRequiredService<NodeOptions>().DaemonStateDir("imaged");
            return new ImageStore(root);
        });
        services.AddSingleton(sp => new RegistryResolver(RegistriesConfLoader.Load(sp.GetRequiredService<ImagedOptions>())));
        services.AddSingleton<TokenCache>();
        services.AddSingleton<RegistryClient>();
        services.AddSingleton<CredentialSource>();
        services.AddSingleton<BlobDownloader>();
        services.AddSingleton<ILayerUnpacker>(sp => sp.GetRequiredService<ImagedOptions>().UnpackLayers
            ? new StoragedUnpacker(sp.GetRequiredService<Storaged.StoragedClient>(), sp.GetRequiredService<ImagedOptions>())
            : new NoUnpacker());
        services.AddSingleton<ImagePuller>();
        services.AddHostedService<ImagedStartup>();
        services.AddHostedService<IngestCollector>();
        return services;
    }
}
