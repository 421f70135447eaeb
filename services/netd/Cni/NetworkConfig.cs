using System.Text.Json;
using System.Text.Json.Nodes;

namespace CriMesh.Netd.Cni;

/// <summary>
/// A parsed CNI network configuration: a <c>.conflist</c> (<c>name</c>, <c>cniVersion</c>, <c>plugins</c>) or a
/// single-plugin <c>.conf</c>/<c>.json</c>, which is read as a list of one. <see cref="Bytes"/> is the file as
/// read, so a cached copy can be parsed again for DEL after the file changed or went away.
/// </summary>
public sealed class NetworkConfig
{
    private NetworkConfig(string path, string name, string cniVersion, bool disableCheck, IReadOnlyList<JsonObject> plugins, byte[] bytes)
    {
        Path = path;
        Name = name;
        CniVersion = cniVersion;
        DisableCheck = disableCheck;
        Plugins = plugins;
        Bytes = bytes;
    }

    public string Path { get; }

    public string Name { get; }

    public string CniVersion { get; }

    public bool DisableCheck { get; }

    /// <summary>The plugin objects in chain order, each with a valid <c>type</c>.</summary>
    public IReadOnlyList<JsonObject> Plugins { get; }

    public byte[] Bytes { get; }

    public IEnumerable<string> PluginTypes => Plugins.Select(TypeOf);

    public static string TypeOf(JsonObject plugin) => (string)plugin["type"]!;

    /// <summary>Parses <paramref name="bytes"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static NetworkConfig Parse(string path, byte[] bytes)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON: {e.Message}");
        }
        if (node is not JsonObject root)
        {
            throw new FormatException($"{path}: not a JSON object");
        }
        var name = StringField(root, "name", path);
        var version = StringField(root, "cniVersion", path);
        if (!CniVersions.IsSupported(version))
        {
            throw new FormatException($"{path}: cniVersion \"{version}\" is not supported (supported: {string.Join(", ", CniVersions.Supported)})");
        }
        var disableCheck = root["disableCheck"] is JsonValue v && v.TryGetValue(out bool b) && b;
        var plugins = root.ContainsKey("plugins") ? PluginList(root, path) : [Single(root)];
        foreach (var plugin in plugins)
        {
            ValidateType(plugin, path);
        }
        return new NetworkConfig(path, name, version, disableCheck, plugins, bytes);
    }

    private static List<JsonObject> PluginList(JsonObject root, string path)
    {
        if (root["plugins"] is not JsonArray array || array.Count == 0)
        {
            throw new FormatException($"{path}: \"plugins\" must be a non-empty array");
        }
        var list = new List<JsonObject>(array.Count);
        foreach (var item in array)
        {
            list.Add(item is JsonObject o ? (JsonObject)o.DeepClone() : throw new FormatException($"{path}: every entry of \"plugins\" must be an object"));
        }
        return list;
    }

    private static JsonObject Single(JsonObject root)
    {
        var plugin = (JsonObject)root.DeepClone();
        plugin.Remove("name");
        plugin.Remove("cniVersion");
        return plugin;
    }

    private static void ValidateType(JsonObject plugin, string path)
    {
        var type = plugin["type"] is JsonValue t && t.TryGetValue(out string? s) ? s : null;
        if (string.IsNullOrEmpty(type) || type.Contains('/', StringComparison.Ordinal) || type is "." or ".." || type.Contains('\0', StringComparison.Ordinal))
        {
            throw new FormatException($"{path}: a plugin has no valid \"type\" (a file name in the plugin dirs), got \"{type}\"");
        }
    }

    private static string StringField(JsonObject root, string field, string path) =>
        root[field] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0
            ? s
            : throw new FormatException($"{path}: \"{field}\" must be a non-empty string");
}
