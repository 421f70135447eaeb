using System.Text.Json.Nodes;

namespace CriMesh.Testing.Images;

/// <summary>Writes OCI image layouts (image-layout.md of the OCI image spec).</summary>
internal static class OciLayout
{
    public static void Write(string directory, Blob root, Platform? platform, string tag, IEnumerable<Blob> blobs)
    {
        var blobDir = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobDir);
        foreach (var blob in blobs)
        {
            var path = Path.Combine(blobDir, Digests.Hex(blob.Digest));
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, blob.Data);
            }
        }
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var descriptor = ImageJson.Descriptor(root);
        if (platform is not null)
        {
            descriptor["platform"] = ImageJson.Platform(platform);
        }
        descriptor["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = new JsonArray(descriptor),
        };
        File.WriteAllText(Path.Combine(directory, "index.json"), index.ToJsonString());
    }
}
