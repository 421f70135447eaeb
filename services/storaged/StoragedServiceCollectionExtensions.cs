using Microsoft.Extensions.DependencyInjection;

namespace CriMesh.Storaged;

public static class StoragedServiceCollectionExtensions
{
    /// <summary>The store (opened and reconciled at start, collected periodically) behind the gRPC service.</summary>
    public static IServiceCollection AddStoraged(this IServiceCollection services)
    {
        services.AddSingleton<StorageHost>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageHost>());
        return services;
    }
}
