using System.Text.Json;
using CriMesh.Common.Errors;

namespace CriMesh.Imaged.Manifests;

/// <summary>
/// Reads OCI image manifests and indexes and Docker schema2 manifests and manifest lists. Schema1 is
/// refused as unsupported. Every descriptor is checked: a well-formed media type, a valid digest, a
/// non-negative size, and only http(s) URLs (which imaged never follows).
/// </summary>
public static class ManifestParser
{
    private const int MaxEntries = 1024;

    /// <summary>Largest manifest (or index) a registry may send; an index entry bigger than this is refused.</summary>
    public const long MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>Largest image config accepted.</summary>
    public const long MaxConfigBytes = 16 * 1024 * 1024;

    /// <summary>Largest layer blob a manifest may name (1 TiB): anything bigger is an absurd size, not an image.</summary>
    public const long MaxLayerBytes = 1L << 40;

    /// <param name="content">The manifest bytes exactly as the registry sent them.</param>
    /// <param name="contentType">The Content-Type header; used when the document has no mediaType.</param>
    /// <param name="source">What to call the manifest in errors (reference or digest).</param>
    public static ImageManifest Parse(ReadOnlySpan<byte> content, string? contentType, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new CriMeshException(ErrorKind.InvalidArgument, $"manifest of {source} is not valid json: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw CriMeshException.Invalid($"manifest of {source} is not a json object");
            }
            var mediaType = GetString(root, "mediaType") ?? StripParameters(contentType) ?? "";
            var schemaVersion = SchemaVersion(root, source);
            if (mediaType is MediaTypes.DockerSchema1 or MediaTypes.DockerSchema1Signed || schemaVersion == 1)
            {
                throw new CriMeshException(ErrorKind.Unimplemented,
                    $"manifest of {source} is docker schema1, which is unsupported: push the image again with a current client");
            }
            if (root.TryGetProperty("manifests", out var manifests) && !root.TryGetProperty("layers", out _))
            {
                if (mediaType.Length > 0 && mediaType is not (MediaTypes.OciIndex or MediaTypes.DockerManifestList))
                {
                    throw CriMeshException.Invalid($"manifest of {source} has entries but media type {Quote(mediaType)}");
                }
                var entries = ReadDescriptors(manifests, source, "manifests", withPlatform: true, MaxManifestBytes);
                return new ImageManifest(ManifestKind.Index, mediaType.Length > 0 ? mediaType : MediaTypes.OciIndex, null, [], entries);
            }
            if (mediaType.Length > 0 && mediaType is not (MediaTypes.OciManifest or MediaTypes.DockerManifest))
            {
                throw CriMeshException.Invalid($"manifest of {source} has unsupported media type {Quote(mediaType)}");
            }
            if (!root.TryGetProperty("config", out var configElement) || configElement.ValueKind != JsonValueKind.Object)
            {
                throw CriMeshException.Invalid($"manifest of {source} has no config");
            }
            var config = ReadDescriptor(configElement, source, "config", withPlatform: false, MaxConfigBytes);
            if (!root.TryGetProperty("layers", out var layersElement))
            {
                throw CriMeshException.Invalid($"manifest of {source} has no layers");
            }
            var layers = ReadDescriptors(layersElement, source, "layers", withPlatform: false, MaxLayerBytes);
            foreach (var layer in layers)
            {
                if (!LayerMediaTypes.IsLayer(layer.MediaType))
                {
                    throw new CriMeshException(ErrorKind.Unimplemented,
                        $"manifest of {source} has layer {layer.Digest} of unsupported media type {Quote(layer.MediaType)}");
                }
            }
            return new ImageManifest(ManifestKind.Image, mediaType.Length > 0 ? mediaType : MediaTypes.OciManifest, config, layers, []);
        }
    }

    /// <summary>schemaVersion when present: 1 or 2, else InvalidArgument; null when absent.</summary>
    private static int? SchemaVersion(JsonElement root, string source)
    {
        if (!root.TryGetProperty("schemaVersion", out var sv))
        {
            return null;
        }
        if (sv.ValueKind != JsonValueKind.Number || !sv.TryGetInt32(out var version) || version is not (1 or 2))
        {
            throw CriMeshException.Invalid($"manifest of {source}: schemaVersion is {Quote(sv.GetRawText())}, not 2");
        }
        return version;
    }

    private static List<Descriptor> ReadDescriptors(JsonElement array, string source, string field, bool withPlatform, long maxSize)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw CriMeshException.Invalid($"manifest of {source}: {field} is not an array");
        }
        if (array.GetArrayLength() > MaxEntries)
        {
            throw CriMeshException.Invalid($"manifest of {source}: {field} has {array.GetArrayLength()} entries, more than {MaxEntries}");
        }
        var list = new List<Descriptor>(array.GetArrayLength());
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            list.Add(ReadDescriptor(e, source, $"{field}[{i++}]", withPlatform, maxSize));
        }
        return list;
    }

    private static Descriptor ReadDescriptor(JsonElement e, string source, string field, bool withPlatform, long maxSize)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw CriMeshException.Invalid($"manifest of {source}: {field} is not an object");
        }
        var mediaType = GetString(e, "mediaType");
        if (!MediaTypes.IsWellFormed(mediaType))
        {
            throw CriMeshException.Invalid($"manifest of {source}: {field} has an invalid media type {Quote(mediaType)}");
        }
        var digestText = GetString(e, "digest");
        if (!Digest.TryParse(digestText, out var digest))
        {
            throw CriMeshException.Invalid($"manifest of {source}: {field} has an invalid digest {Quote(digestText)}");
        }
        if (!e.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out var size) || size < 0)
        {
            throw CriMeshException.Invalid($"manifest of {source}: {field} ({digest}) has no valid size");
        }
        if (size > maxSize)
        {
            throw CriMeshException.Invalid($"manifest of {source}: {field} ({digest}) has size {size}, more than the {maxSize} allowed");
        }
        if (e.TryGetProperty("urls", out var urls))
        {
            CheckUrls(urls, source, field, digest);
        }
        Platform? platform = null;
        if (withPlatform && e.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform(GetString(p, "os") ?? "", GetString(p, "architecture") ?? "", GetString(p, "variant") ?? "");
        }
        return new Descriptor(mediaType!, digest, size, platform);
    }

    private static void CheckUrls(JsonElement urls, string source, string field, Digest digest)
    {
        if (urls.ValueKind != JsonValueKind.Array)
        {
            throw CriMeshException.Invalid($"manifest of {source}: {field} ({digest}) has urls that are not an array");
        }
        foreach (var u in urls.EnumerateArray())
        {
            var text = u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            if (text is null || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("https" or "http") || text.Contains("..", StringComparison.Ordinal))
            {
                throw CriMeshException.Invalid($"manifest of {source}: {field} ({digest}) has an invalid url {Quote(text)}");
            }
        }
    }

    internal static string? GetString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? StripParameters(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }
        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semi >= 0 ? contentType[..semi] : contentType).Trim();
    }

    /// <summary>Quotes untrusted text for an error message, cut to 100 chars with control characters escaped.</summary>
    internal static string Quote(string? text)
    {
        if (text is null)
        {
            return "(none)";
        }
        var cut = text.Length > 100 ? text[..100] + "..." : text;
        return JsonSerializer.Serialize(cut, ManifestJsonContext.Default.String);
    }
}
