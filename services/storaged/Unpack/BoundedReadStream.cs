using CriMesh.Common.Errors;
using CriMesh.Common.IO;

namespace CriMesh.Storaged.Unpack;

/// <summary>
/// A read-only pass-through that stops a layer's uncompressed stream at its byte budget (ResourceExhausted,
/// so a small gzip cannot fill the disk) and at cancellation: it is read chunk by chunk by the read-ahead
/// thread, so a cancelled unpack stops within one chunk.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, string blobPath, UnpackLimits limits, CancellationToken cancellationToken) : ReadOnlyStream
{
    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // One byte more than the budget is asked for, so a stream that ends exactly at it is still accepted.
        var room = limits.MaxBytes - BytesRead;
        var n = inner.Read(room < buffer.Length ? buffer[..(int)(room + 1)] : buffer);
        BytesRead += n;
        if (BytesRead > limits.MaxBytes)
        {
            throw new CriMeshException(
                ErrorKind.ResourceExhausted, $"layer blob {blobPath} expands past {limits.MaxBytes} uncompressed bytes, the limit of {limits.BytesRule}");
        }
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
