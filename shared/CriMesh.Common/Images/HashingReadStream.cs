using System.Security.Cryptography;
using CriMesh.Common.IO;

namespace CriMesh.Common.Images;

/// <summary>A read-only pass-through that feeds every byte read into a SHA-256, so unpacking and verifying are one pass.</summary>
public sealed class HashingReadStream(Stream inner) : ReadOnlyStream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes read so far (the uncompressed size once the stream is drained).</summary>
    public long BytesRead { get; private set; }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    /// <summary>"sha256:&lt;hex&gt;" of everything read.</summary>
    public string Digest() => "sha256:" + Convert.ToHexStringLower(hash.GetCurrentHash());

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        hash.AppendData(buffer[..n]);
        BytesRead += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
