using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace CriMesh.Storaged.Tests.Support;

/// <summary>
/// A layer blob of one file of zeros that inflates far beyond its size: concatenated gzip members (which
/// gunzip and .NET read as one stream), one for the tar header and the same compressed 64 MiB of zeros
/// repeated, so a 1 GiB file costs about 64 KiB of blob and no time to build.
/// </summary>
internal static class ZeroBomb
{
    private const int Chunk = 64 << 20;

    /// <summary>
    /// Writes into the content store <paramref name="dir"/> the blob of a tar holding "zeros" of <paramref name="gibibytes"/> GiB. Its diff_id is the true
    /// digest when <paramref name="hash"/> is set (a full pass of SHA-256), else a well-formed one that is not.
    /// </summary>
    public static Blob Write(string dir, int gibibytes, bool hash)
    {
        var size = (long)gibibytes << 30;
        var header = Header("zeros", size);
        var end = new byte[1024];
        var zeros = new byte[Chunk];
        var member = Gzip(zeros);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Directory.CreateDirectory(Path.Combine(dir, "sha256"));
        var path = Path.Combine(dir, "sha256", "bomb-" + Guid.NewGuid().ToString("N") + ".tmp");
        using (var file = File.Create(path))
        {
            file.Write(Gzip(header));
            sha.AppendData(header);
            for (long written = 0; written < size; written += Chunk)
            {
                file.Write(member);
                if (hash)
                {
                    sha.AppendData(zeros);
                }
            }
            file.Write(Gzip(end));
            sha.AppendData(end);
        }
        var diffId = hash
            ? "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset())
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData("not the digest of this layer"u8));
        string named;
        using (var file = File.OpenRead(path))
        {
            named = Path.Combine(dir, "sha256", Convert.ToHexStringLower(SHA256.HashData(file)));
        }
        File.Move(path, named, overwrite: true);
        return new Blob(named, "application/vnd.oci.image.layer.v1.tar+gzip", diffId);
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
