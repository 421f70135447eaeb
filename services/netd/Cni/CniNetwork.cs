using System.Text.Json.Nodes;
using CriMesh.Common.Errors;
using Microsoft.Extensions.Logging;

namespace CriMesh.Netd.Cni;

/// <summary>
/// Runs a network config's plugin chain (CNI spec, "Network configuration lists"): ADD in order, each
/// plugin getting the previous one's result as prevResult; DEL in reverse order with the cached ADD result;
/// CHECK in order with the cached result.
/// </summary>
public sealed class CniNetwork(PluginInvoker invoker, ILogger<CniNetwork> logger)
{
    /// <summary>ADD through the whole chain; returns the last plugin's result.</summary>
    public async Task<JsonObject> AddAsync(NetworkConfig network, JsonObject args, PluginCall call, CancellationToken cancellationToken)
    {
        JsonObject? result = null;
        foreach (var plugin in network.Plugins)
        {
            var config = RuntimeArgs.PluginConfig(network, plugin, args, result);
            result = await invoker.InvokeAsync("ADD", config, call, cancellationToken).ConfigureAwait(false);
        }
        return result!;
    }

    /// <summary>
    /// DEL through the chain in reverse. Every plugin is asked even when one fails (so as much as possible is
    /// released); the first failure is thrown afterwards with the others logged.
    /// </summary>
    public async Task DeleteAsync(NetworkConfig network, JsonObject args, JsonObject? cachedResult, PluginCall call, CancellationToken cancellationToken)
    {
        var prevResult = CniVersions.DeleteGetsPrevResult(network.CniVersion) ? cachedResult : null;
        CriMeshException? first = null;
        for (var i = network.Plugins.Count - 1; i >= 0; i--)
        {
            var config = RuntimeArgs.PluginConfig(network, network.Plugins[i], args, prevResult);
            try
            {
                await invoker.InvokeAsync("DEL", config, call, cancellationToken).ConfigureAwait(false);
            }
            catch (CriMeshException e)
            {
                Log.PluginDeleteFailed(logger, NetworkConfig.TypeOf(network.Plugins[i]), call.ContainerId, e.Message);
                first ??= e;
            }
        }
        if (first is not null)
        {
            throw first;
        }
    }

    /// <summary>CHECK through the chain; a config with <c>disableCheck</c> passes without running anything.</summary>
    public async Task CheckAsync(NetworkConfig network, JsonObject args, JsonObject cachedResult, PluginCall call, CancellationToken cancellationToken)
    {
        if (!CniVersions.HasCheck(network.CniVersion))
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition,
                $"network {network.Name} has cniVersion {network.CniVersion}; CHECK needs 0.4.0 or later");
        }
        if (network.DisableCheck)
        {
            return;
        }
        foreach (var plugin in network.Plugins)
        {
            var config = RuntimeArgs.PluginConfig(network, plugin, args, cachedResult);
            await invoker.InvokeAsync("CHECK", config, call, cancellationToken).ConfigureAwait(false);
        }
    }
}
