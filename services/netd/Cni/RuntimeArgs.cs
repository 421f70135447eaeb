using System.Text.Json.Nodes;

namespace CriMesh.Netd.Cni;

/// <summary>
/// The capability arguments of a pod (CNI conventions: <c>portMappings</c>, <c>bandwidth</c>, <c>ips</c>,
/// <c>dns</c>, <c>cgroupPath</c>) as one JSON object. A plugin gets in its <c>runtimeConfig</c> only the
/// keys its <c>capabilities</c> ask for. Cached with the pod so DEL sends exactly what ADD sent.
/// </summary>
public static class RuntimeArgs
{
    /// <summary>The <c>runtimeConfig</c> for <paramref name="plugin"/>, or null when it asks for nothing we have.</summary>
    public static JsonObject? ForPlugin(JsonObject plugin, JsonObject args)
    {
        if (plugin["capabilities"] is not JsonObject capabilities)
        {
            return null;
        }
        JsonObject? runtimeConfig = null;
        foreach (var (name, enabled) in capabilities)
        {
            if (enabled is JsonValue v && v.TryGetValue(out bool on) && on && args[name] is { } value)
            {
                runtimeConfig ??= [];
                runtimeConfig[name] = value.DeepClone();
            }
        }
        return runtimeConfig;
    }

    /// <summary>The config one plugin gets on stdin: its own object plus name, cniVersion, prevResult and runtimeConfig.</summary>
    public static JsonObject PluginConfig(NetworkConfig network, JsonObject plugin, JsonObject args, JsonObject? prevResult)
    {
        var config = (JsonObject)plugin.DeepClone();
        config["name"] = network.Name;
        config["cniVersion"] = network.CniVersion;
        if (prevResult is not null)
        {
            config["prevResult"] = prevResult.DeepClone();
        }
        var runtimeConfig = ForPlugin(plugin, args);
        if (runtimeConfig is not null)
        {
            config["runtimeConfig"] = runtimeConfig;
        }
        return config;
    }
}
