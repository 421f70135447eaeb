using System.Text.Json;
using CriMesh.Common.Errors;

namespace CriMesh.Imaged.Manifests;

/// <summary>The fields of an image config (OCI or Docker) that imaged needs.</summary>
public sealed record ImageConfig(
    Platform Platform,
    string User,
    IReadOnlyList<Digest> DiffIds,
    DateTimeOffset? Created,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Parses a config blob; <paramref name="source"/> names it in errors.</summary>
    public static ImageConfig Parse(ReadOnlySpan<byte> content, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw CriMeshException.Invalid($"image config {source} is not valid json: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw CriMeshException.Invalid($"image config {source} is not a json object");
            }
            var platform = new Platform(
                ManifestParser.GetString(root, "os") ?? "",
                ManifestParser.GetString(root, "architecture") ?? "",
                ManifestParser.GetString(root, "variant") ?? "");
            var user = "";
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("config", out var cfg) && cfg.ValueKind == JsonValueKind.Object)
            {
                user = ManifestParser.GetString(cfg, "User") ?? "";
                if (cfg.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in l.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.String)
                        {
                            labels[p.Name] = p.Value.GetString()!;
                        }
                    }
                }
            }
            DateTimeOffset? created = null;
            if (ManifestParser.GetString(root, "created") is { } c && DateTimeOffset.TryParse(c, out var parsed))
            {
                created = parsed;
            }
            return new ImageConfig(platform, user, ReadDiffIds(root, source), created, labels);
        }
    }

    private static List<Digest> ReadDiffIds(JsonElement root, string source)
    {
        if (!root.TryGetProperty("rootfs", out var rootfs) || rootfs.ValueKind != JsonValueKind.Object)
        {
            throw CriMeshException.Invalid($"image config {source} has no rootfs");
        }
        if (ManifestParser.GetString(rootfs, "type") != "layers")
        {
            throw CriMeshException.Invalid($"image config {source} has rootfs.type {ManifestParser.Quote(ManifestParser.GetString(rootfs, "type"))}, not \"layers\"");
        }
        if (!rootfs.TryGetProperty("diff_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
        {
            throw CriMeshException.Invalid($"image config {source} has no rootfs.diff_ids");
        }
        if (ids.GetArrayLength() > 1024)
        {
            throw CriMeshException.Invalid($"image config {source} has {ids.GetArrayLength()} rootfs.diff_ids, more than 1024");
        }
        var list = new List<Digest>();
        foreach (var id in ids.EnumerateArray())
        {
            var text = id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            list.Add(Digest.Parse(text, $"image config {source} rootfs.diff_ids[{list.Count}]"));
        }
        return list;
    }
}
