using System.Security.Cryptography;
using CriMesh.Testing.Images;

namespace CriMesh.Storaged.Tests.Support;

/// <summary>A <see cref="GzipBomb"/> layer written into a content store, as imaged would hand it over.</summary>
internal static class ZeroBomb
{
    /// <summary>Writes the blob of a <paramref name="gibibytes"/> GiB file of zeros into the content store <paramref name="dir"/>.</summary>
    public static Blob Write(string dir, int gibibytes, bool hash)
    {
        var (compressed, diffId) = GzipBomb.Build(gibibytes, hash);
        Directory.CreateDirectory(Path.Combine(dir, "sha256"));
        var path = Path.Combine(dir, "sha256", Convert.ToHexStringLower(SHA256.HashData(compressed)));
        File.WriteAllBytes(path, compressed);
        return new Blob(path, "application/vnd.oci.image.layer.v1.tar+gzip", diffId);
    }
}
