using System.Text.Json.Nodes;

namespace CriMesh.Testing.Images;

/// <summary>
/// A single-platform image built by <see cref="TestImageBuilder"/>: layers, config and manifest as blobs, all in
/// memory. Push it with <see cref="Registry.RegistryPusher"/>, serve it from a <see cref="Registry.FaultyRegistry"/>,
/// or apply <see cref="TestLayer.Tar"/> directly.
/// </summary>
public sealed class TestImage
{
    internal TestImage(Platform platform, ManifestFormat format, IReadOnlyList<TestLayer> layers, Blob config, Blob manifest)
    {
        Platform = platform;
        Format = format;
        Layers = layers;
        Config = config;
        Manifest = manifest;
    }

    /// <summary>The platform written in the config (and in an index entry).</summary>
    public Platform Platform { get; }

    /// <summary>OCI or Docker schema 2.</summary>
    public ManifestFormat Format { get; }

    /// <summary>The layers, bottom first.</summary>
    public IReadOnlyList<TestLayer> Layers { get; }

    /// <summary>The config blob (JSON).</summary>
    public Blob Config { get; }

    /// <summary>The manifest blob (JSON); its digest is the image's digest.</summary>
    public Blob Manifest { get; }

    /// <summary>The manifest digest (<c>sha256:...</c>), i.e. the image ID a registry reports.</summary>
    public string Digest => Manifest.Digest;

    /// <summary>The config digest (what CRI calls the image ID).</summary>
    public string ConfigDigest => Config.Digest;

    /// <summary>The diff IDs (sha256 of each uncompressed layer tar), bottom first.</summary>
    public IReadOnlyList<string> DiffIds => [.. Layers.Select(l => l.DiffId)];

    /// <summary>Config and layer blobs (what a push uploads before the manifest).</summary>
    public IEnumerable<Blob> Blobs => Layers.Select(l => l.Blob).Prepend(Config);

    /// <summary>Total size of all layer blobs in bytes (compressed).</summary>
    public long CompressedSize => Layers.Sum(l => l.Blob.Size);

    /// <summary>Total size of all layer tars in bytes (uncompressed).</summary>
    public long UncompressedSize => Layers.Sum(l => l.Tar.LongLength);

    /// <summary>Parses the config JSON (a fresh copy each call).</summary>
    public JsonObject ConfigJson() => JsonNode.Parse(Config.Data)!.AsObject();

    /// <summary>Parses the manifest JSON (a fresh copy each call).</summary>
    public JsonObject ManifestJson() => JsonNode.Parse(Manifest.Data)!.AsObject();

    /// <summary>
    /// Writes the blobs in an OCI image layout under <paramref name="directory"/> (<c>oci-layout</c>,
    /// <c>index.json</c> naming the manifest with <paramref name="tag"/>, <c>blobs/sha256/...</c>): readable with
    /// <c>skopeo copy oci:DIR:TAG ...</c>.
    /// </summary>
    public void WriteOciLayout(string directory, string tag = "latest") =>
        OciLayout.Write(directory, Manifest, Platform, tag, [Manifest, .. Blobs]);
}
