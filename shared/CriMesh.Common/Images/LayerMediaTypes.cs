using System.IO.Compression;
using CriMesh.Common.Errors;
using ZstdSharp;

namespace CriMesh.Common.Images;

/// <summary>
/// The layer format both imaged and storaged read: which media types name a layer, how a layer blob is
/// compressed (from its own magic bytes, one rule for both daemons), and the decompressor it needs.
/// </summary>
public static class LayerMediaTypes
{
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciLayerNondistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public const string OciLayerNondistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciLayerNondistributableZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public const string PlainTar = "application/x-tar";

    /// <summary>How a layer blob is compressed.</summary>
    public enum Compression
    {
        None,
        Gzip,
        Zstd,
    }

    /// <summary>True when <paramref name="mediaType"/> names a layer (OCI or Docker; plain, gzip or zstd).</summary>
    public static bool IsLayer(string mediaType) => mediaType is OciLayer or OciLayerGzip or OciLayerZstd
        or OciLayerNondistributable or OciLayerNondistributableGzip or OciLayerNondistributableZstd
        or DockerLayer or DockerLayerGzip or DockerForeignLayerGzip or PlainTar;

    /// <summary>
    /// Throws InvalidArgument unless <paramref name="mediaType"/> names a layer. Only that is taken from
    /// it: the compression is sniffed from the blob itself (<see cref="Sniff"/>).
    /// </summary>
    public static void RequireLayer(string mediaType)
    {
        if (!IsLayer(mediaType))
        {
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

    /// <summary>Wraps the blob in the decompressor its compression needs (disposing it disposes the blob).</summary>
    public static Stream Decompress(Stream blob, Compression compression) => compression switch
    {
        Compression.Gzip => new GZipStream(blob, CompressionMode.Decompress),
        Compression.Zstd => new DecompressionStream(blob, 1 << 20),
        _ => blob,
    };

    /// <summary>True for the exceptions a damaged compressed stream raises while it is read.</summary>
    public static bool IsCorruptStream(Exception e) => e is InvalidDataException or ZstdException;
}
