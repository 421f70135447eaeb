using System.IO.Compression;
using CriMesh.Common.Errors;
using ZstdSharp;

namespace CriMesh.Storaged.Unpack;

/// <summary>The layer media types storaged unpacks, and the decompressor each needs.</summary>
internal static class LayerMediaTypes
{
    public enum Compression
    {
        None,
        Gzip,
        Zstd,
    }

    /// <summary>
    /// Throws InvalidArgument unless <paramref name="mediaType"/> names a layer (OCI or Docker, plain,
    /// gzip or zstd). Only that is taken from it: the compression is sniffed from the blob itself.
    /// </summary>
    public static void RequireLayer(string mediaType)
    {
        switch (mediaType)
        {
            case "application/vnd.oci.image.layer.v1.tar" or "application/vnd.oci.image.layer.nondistributable.v1.tar"
                or "application/vnd.docker.image.rootfs.diff.tar" or "application/x-tar":
            case "application/vnd.oci.image.layer.v1.tar+gzip" or "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
                or "application/vnd.docker.image.rootfs.diff.tar.gzip" or "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip":
            case "application/vnd.oci.image.layer.v1.tar+zstd" or "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd":
                return;
            default:
                throw CriMeshException.Invalid($"unsupported layer media type \"{mediaType}\"");
        }
    }

    /// <summary>
    /// The compression the blob actually uses, from its magic bytes (gzip 1f 8b, zstd 28 b5 2f fd), as
    /// registries and old Docker clients do not always label layers right; the media type only says the
    /// blob is a layer. <paramref name="blob"/> must be seekable; it is left at offset 0.
    /// </summary>
    public static Compression Sniff(Stream blob)
    {
        Span<byte> magic = stackalloc byte[4];
        var n = blob.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        blob.Position = 0;
        if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return Compression.Gzip;
        }
        if (n >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
        {
            return Compression.Zstd;
        }
        return Compression.None;
    }

    /// <summary>Wraps the blob in the decompressor its compression needs.</summary>
    public static Stream Decompress(Stream blob, Compression compression) => compression switch
    {
        Compression.Gzip => new GZipStream(blob, CompressionMode.Decompress),
        Compression.Zstd => new DecompressionStream(blob, 1 << 20),
        _ => blob,
    };
}
