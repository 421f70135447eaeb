using System.Text.Json;
using CriMesh.Netd.Options;

namespace CriMesh.Netd.Cni;

/// <summary>
/// Finds the network config netd would use and checks that its plugins exist, as a runtime's network
/// readiness does: the lexically first <c>*.conflist</c>, <c>*.conf</c> or <c>*.json</c> file that parses.
/// </summary>
public sealed class CniConfigProbe(NetdOptions options)
{
    private static readonly string[] Extensions = [".conflist", ".conf", ".json"];

    public sealed record Result(bool Ready, string Reason, string Message, string ConfigPath = "", string NetworkName = "");

    public Result Probe()
    {
        if (!Directory.Exists(options.CniConfDir))
        {
            return new(false, "NoCNIConfig", $"cni config dir {options.CniConfDir} does not exist");
        }
        var files = Directory.GetFiles(options.CniConfDir)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var problems = new List<string>();
        foreach (var file in files)
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                var root = doc.RootElement;
                var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
                var types = root.TryGetProperty("plugins", out var plugins) && plugins.ValueKind == JsonValueKind.Array
                    ? plugins.EnumerateArray().Select(TypeOf).ToList()
                    : [TypeOf(root)];
                var missing = types.Where(t => t is null || !PluginExists(t)).Select(t => t ?? "<no type>").ToList();
                if (name.Length == 0)
                {
                    problems.Add($"{file}: no network name");
                    continue;
                }
                if (missing.Count > 0)
                {
                    return new(false, "CNIPluginMissing",
                        $"{file}: plugin(s) {string.Join(", ", missing)} not found in {string.Join(":", options.CniBinDirs)}", file, name);
                }
                return new(true, "", "", file, name);
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file}: {e.Message}");
            }
        }
        var detail = problems.Count > 0 ? ": " + string.Join("; ", problems) : "";
        return new(false, "NoCNIConfig", $"no usable cni network config in {options.CniConfDir}{detail}");
    }

    private static string? TypeOf(JsonElement plugin) =>
        plugin.ValueKind == JsonValueKind.Object && plugin.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()
            : null;

    private bool PluginExists(string type) =>
        !type.Contains('/', StringComparison.Ordinal) && options.CniBinDirs.Any(d => File.Exists(Path.Combine(d, type)));
}
