using CriMesh.Netd.Options;

namespace CriMesh.Netd.Cni;

/// <summary>Finds a CNI plugin binary by its <c>type</c> in the configured plugin dirs, first dir first.</summary>
public sealed class PluginLocator(NetdOptions options)
{
    /// <summary>The plugin dirs joined for CNI_PATH.</summary>
    public string CniPath { get; } = string.Join(':', options.CniBinDirs);

    public string? Find(string type)
    {
        foreach (var dir in options.CniBinDirs)
        {
            var path = Path.Combine(dir, type);
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    public IReadOnlyList<string> Missing(NetworkConfig config) =>
        config.PluginTypes.Where(t => Find(t) is null).Distinct(StringComparer.Ordinal).ToList();
}
