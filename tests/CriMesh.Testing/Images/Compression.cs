using System.IO.Compression;
using ZstdSharp;

namespace CriMesh.Testing.Images;

/// <summary>Compresses and decompresses layer tars.</summary>
public static class Compression
{
    /// <summary>Compresses <paramref name="tar"/> (fastest level: test images favour build speed over size).</summary>
    public static byte[] Compress(byte[] tar, LayerCompression compression)
    {
        switch (compression)
        {
            case LayerCompression.None:
                return tar;
            case LayerCompression.Gzip:
                {
                    using var output = new MemoryStream(tar.Length / 2 + 1024);
                    using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gzip.Write(tar);
                    }
                    return output.ToArray();
                }
            case LayerCompression.Zstd:
                {
                    using var compressor = new Compressor(1);
                    return compressor.Wrap(tar).ToArray();
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown compression");
        }
    }

    /// <summary>Decompresses a layer blob back to its tar.</summary>
    public static byte[] Decompress(byte[] blob, LayerCompression compression)
    {
        switch (compression)
        {
            case LayerCompression.None:
                return blob;
            case LayerCompression.Gzip:
                {
                    using var input = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress);
                    using var output = new MemoryStream();
                    input.CopyTo(output);
                    return output.ToArray();
                }
            case LayerCompression.Zstd:
                {
                    using var input = new DecompressionStream(new MemoryStream(blob));
                    using var output = new MemoryStream();
                    input.CopyTo(output);
                    return output.ToArray();
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown compression");
        }
    }
}
