using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace CriMesh.Testing.Images;

/// <summary>
/// A gzip layer blob of one file of zeros that inflates far beyond its size: concatenated gzip members
/// (which gunzip and .NET read as one stream), one for the tar header, the same compressed 64 MiB of zeros
/// repeated, and one for the end-of-archive blocks — 1 GiB of layer costs about 64 KiB of blob.
/// </summary>
public static class GzipBomb
{
    private const int Chunk = 64 << 20;

    /// <summary>
    /// The blob of a tar holding "zeros" of <paramref name="gibibytes"/> GiB, and its diff_id: the true one
    /// when <paramref name="hash"/> is set (a full SHA-256 pass), else a well-formed digest that is not.
    /// </summary>
    public static (byte[] Compressed, string DiffId) Build(int gibibytes, bool hash)
    {
        var size = (long)gibibytes << 30;
        var header = Header("zeros", size);
        var end = new byte[1024];
        var zeros = new byte[Chunk];
        var member = Gzip(zeros);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var blob = new MemoryStream();
        blob.Write(Gzip(header));
        sha.AppendData(header);
        for (long written = 0; written < size; written += Chunk)
        {
            blob.Write(member);
            if (hash)
            {
                sha.AppendData(zeros);
            }
        }
        blob.Write(Gzip(end));
        sha.AppendData(end);
        var diffId = hash
            ? "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset())
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData("not the digest of this layer"u8));
        return (blob.ToArray(), diffId);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gz.Write(data);
        }
        return buffer.ToArray();
    }

    /// <summary>A ustar header of a regular file, root-owned, mode 0644.</summary>
    private static byte[] Header(string name, long size)
    {
        var h = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(h, 0);
        Octal(h, 100, 8, 0x1A4);
        Octal(h, 108, 8, 0);
        Octal(h, 116, 8, 0);
        Octal(h, 124, 12, size);
        Octal(h, 136, 12, 1_700_000_000);
        h[156] = (byte)'0';
        "ustar\0"u8.CopyTo(h.AsSpan(257));
        "00"u8.CopyTo(h.AsSpan(263));
        h.AsSpan(148, 8).Fill((byte)' ');
        var sum = 0L;
        foreach (var b in h)
        {
            sum += b;
        }
        Octal(h, 148, 7, sum);
        return h;
    }

    private static void Octal(byte[] h, int offset, int width, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(width - 1, '0');
        Encoding.ASCII.GetBytes(text).CopyTo(h, offset);
        h[offset + width - 1] = 0;
    }
}
