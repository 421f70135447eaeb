using System.IO.Compression;
using CriMesh.Common.Errors;
using ZstdSharp;

namespace CriMesh.Storaged.Layers;

/// <summary>The layer media types storaged unpacks, and the decompressor each needs.</summary>
internal static class LayerMediaTypes
{
    public enum Compression
    {
        None,
        Gzip,
        Zstd,
    }

    /// <summary>The compression of <paramref name="mediaType"/>; InvalidArgument for a type that is not a layer.</summary>
    public static Compression Of(string mediaType) => mediaType switch
    {
        "application/vnd.oci.image.layer.v1.tar" or "application/vnd.oci.image.layer.nondistributable.v1.tar"
            or "application/x-tar" => Compression.None,
        "application/vnd.oci.image.layer.v1.tar+gzip" or "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
            or "application/vnd.docker.image.rootfs.diff.tar.gzip" or "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
            => Compression.Gzip,
        "application/vnd.oci.image.layer.v1.tar+zstd" or "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"
            => Compression.Zstd,
        _ => throw CriMeshException.Invalid($"unsupported layer media type \"{mediaType}\""),
    };

    /// <summary>Wraps the blob in the decompressor its media type needs.</summary>
    public static Stream Decompress(Stream blob, Compression compression) => compression switch
    {
        Compression.Gzip => new GZipStream(blob, CompressionMode.Decompress),
        Compression.Zstd => new DecompressionStream(blob, 1 << 20),
        _ => blob,
    };
}
