using System.Text.Json.Nodes;

namespace CriMesh.Testing.Images;

/// <summary>
/// Keeps the layers of expensive preset images (<see cref="TestImages.Large"/>) on disk between test runs, under the
/// test assembly's output dir (<c>bin/.../testkit-cache/v1/KEY/</c>: <c>N.tar</c>, <c>N.blob</c>, and <c>index.json</c>
/// written last), so <c>dotnet clean</c> or <c>git clean</c> removes it and nothing lands in /tmp. A directory is
/// published by one rename, so concurrent test processes never see half of one.
/// </summary>
internal static class LayerDiskCache
{
    private const string Version = "v1";

    public static string Root => Path.Combine(AppContext.BaseDirectory, "testkit-cache", Version);

    public static TestImageBuilder? TryLoad(string key, TestImageBuilder builder)
    {
        var dir = Path.Combine(Root, Sanitize(key));
        var indexPath = Path.Combine(dir, "index.json");
        if (!File.Exists(indexPath))
        {
            return null;
        }
        try
        {
            var layers = JsonNode.Parse(File.ReadAllText(indexPath))!["layers"]!.AsArray();
            for (var i = 0; i < layers.Count; i++)
            {
                var l = layers[i]!;
                var tar = File.ReadAllBytes(Path.Combine(dir, $"{i}.tar"));
                var blob = File.ReadAllBytes(Path.Combine(dir, $"{i}.blob"));
                if (tar.LongLength != (long)l["tarSize"]! || blob.LongLength != (long)l["blobSize"]!)
                {
                    return null;
                }
                // Digests are recomputed (about 0.3 s per 128 MiB) so a damaged cache file cannot pass for good content.
                builder.AddCompressedLayer(tar, blob, Enum.Parse<LayerCompression>((string)l["compression"]!), (string?)l["createdBy"]);
            }
            return builder;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or NullReferenceException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    public static void Store(string key, TestImage image, IReadOnlyList<string> createdBy)
    {
        var final = Path.Combine(Root, Sanitize(key));
        if (Directory.Exists(final))
        {
            return;
        }
        Directory.CreateDirectory(Root);
        var temp = final + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            Directory.CreateDirectory(temp);
            var layers = new JsonArray();
            for (var i = 0; i < image.Layers.Count; i++)
            {
                var layer = image.Layers[i];
                File.WriteAllBytes(Path.Combine(temp, $"{i}.tar"), layer.Tar);
                File.WriteAllBytes(Path.Combine(temp, $"{i}.blob"), layer.Blob.Data);
                layers.Add(new JsonObject
                {
                    ["diffId"] = layer.DiffId,
                    ["digest"] = layer.Blob.Digest,
                    ["compression"] = layer.Compression.ToString(),
                    ["createdBy"] = createdBy[i],
                    ["tarSize"] = layer.Tar.LongLength,
                    ["blobSize"] = layer.Blob.Size,
                });
            }
            File.WriteAllText(Path.Combine(temp, "index.json"), new JsonObject { ["key"] = key, ["layers"] = layers }.ToJsonString());
            Directory.Move(temp, final);
        }
        catch (IOException)
        {
            // Another process published the same key first, or the disk is full: the cache is only an optimisation.
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static string Sanitize(string key) => string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
}
