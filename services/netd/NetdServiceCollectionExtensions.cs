using CriMesh.Netd.Cni;
using CriMesh.Netd.Netns;
using CriMesh.Netd.Pods;
using Microsoft.Extensions.DependencyInjection;

namespace CriMesh.Netd;

public static class NetdServiceCollectionExtensions
{
    /// <summary>CNI config and plugins, namespace pins, pod records, and the pod networks (reconciled at start).</summary>
    public static IServiceCollection AddNetd(this IServiceCollection services)
    {
        services.AddSingleton<PluginLocator>();
        services.AddSingleton<CniConfigSource>();
        services.AddSingleton<PluginInvoker>();
        services.AddSingleton<CniNetwork>();
        services.AddSingleton<NetnsPins>();
        services.AddSingleton<PodStore>();
        services.AddSingleton<PodNetworks>();
        services.AddHostedService(sp => sp.GetRequiredService<PodNetworks>());
        return services;
    }
}
