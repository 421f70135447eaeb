using System.Text.Json.Nodes;

namespace CriMesh.Testing.Images;

/// <summary>A multi-platform image: an OCI index or Docker manifest list and the images it names.</summary>
public sealed class TestImageIndex
{
    internal TestImageIndex(ManifestFormat format, IReadOnlyList<TestImage> images, Blob manifest)
    {
        Format = format;
        Images = images;
        Manifest = manifest;
    }

    /// <summary>OCI index or Docker manifest list.</summary>
    public ManifestFormat Format { get; }

    /// <summary>The per-platform images, in index order.</summary>
    public IReadOnlyList<TestImage> Images { get; }

    /// <summary>The index blob (JSON).</summary>
    public Blob Manifest { get; }

    /// <summary>The index digest.</summary>
    public string Digest => Manifest.Digest;

    /// <summary>The image for <paramref name="platform"/>; throws if the index has none.</summary>
    public TestImage For(Platform platform) =>
        Images.FirstOrDefault(i => i.Platform == platform)
        ?? throw new KeyNotFoundException($"index {Digest} has no image for {platform}");

    /// <summary>Parses the index JSON (a fresh copy each call).</summary>
    public JsonObject ManifestJson() => JsonNode.Parse(Manifest.Data)!.AsObject();

    /// <summary>Writes every blob and the index as an OCI image layout under <paramref name="directory"/>.</summary>
    public void WriteOciLayout(string directory, string tag = "latest") =>
        OciLayout.Write(directory, Manifest, null, tag, [Manifest, .. Images.SelectMany(i => i.Blobs.Prepend(i.Manifest))]);
}
