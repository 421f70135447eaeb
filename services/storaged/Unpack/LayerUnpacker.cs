using CriMesh.Common.Errors;
using CriMesh.Common.Images;
using CriMesh.Linux.Interop;

namespace CriMesh.Storaged.Unpack;

/// <summary>
/// One pass over a layer blob: decompress, hash the uncompressed stream, and write every entry with
/// <see cref="LayerWriter"/>. The caller checks the digest and owns the destination directory.
/// </summary>
internal static class LayerUnpacker
{
    public sealed record Result(string Digest, long UncompressedBytes, long Bytes, long Inodes);

    /// <summary>
    /// Unpacks the seekable <paramref name="blob"/> (named <paramref name="blobPath"/> in messages) into the
    /// empty directory <paramref name="destination"/>; DataLoss when the uncompressed stream does not hash
    /// to <paramref name="diffId"/>, ResourceExhausted past <paramref name="limits"/>, cancelled within a
    /// chunk of <paramref name="cancellationToken"/> (the caller then deletes the directory). Disposes
    /// <paramref name="blob"/>.
    /// </summary>
    public static Result Unpack(Stream blob, string blobPath, string destination, string diffId, UnpackLimits limits, CancellationToken cancellationToken)
    {
        using var hashing = LayerDiff.Open(blob);
        using var readAhead = new ReadAheadStream(new BoundedReadStream(hashing, blobPath, limits, cancellationToken));
        var reader = new TarStreamReader(readAhead, maxBytesAfterEnd: limits.MaxBytesAfterEndOfArchive);
        using var writer = new LayerWriter(destination);
        try
        {
            long entries = 0;
            while (reader.Next() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.Write(entry, reader);
                if (++entries > limits.MaxEntries || writer.Inodes > limits.MaxEntries)
                {
                    throw new CriMeshException(ErrorKind.ResourceExhausted,
                        $"layer blob {blobPath} holds more than {limits.MaxEntries} entries or inodes, the limit of max_layer_entries");
                }
            }
            writer.Finish();
        }
        catch (TarFormatException e)
        {
            // A damaged stream is DataLoss; a well-formed blob (digest may still match) holding a tar we
            // refuse is the image's fault: InvalidArgument. Read on to tell the two apart.
            var digest = DrainDigest(readAhead, hashing);
            if (digest != diffId)
            {
                throw Mismatch(blobPath, digest, diffId);
            }
            throw new CriMeshException(ErrorKind.InvalidArgument, $"layer blob {blobPath} is not a tar archive storaged accepts: {e.Message}", e);
        }
        catch (Exception e) when (LayerMediaTypes.IsCorruptStream(e))
        {
            throw new CriMeshException(ErrorKind.DataLoss, $"layer blob {blobPath} does not decompress: {e.Message}", e);
        }
        catch (SyscallException e) when (e.Errno == Libc.ENOSPC)
        {
            throw new CriMeshException(ErrorKind.ResourceExhausted, $"no space left unpacking layer blob {blobPath}", e);
        }
        var result = new Result(hashing.Digest(), hashing.BytesRead, writer.Bytes, writer.Inodes);
        if (result.Digest != diffId)
        {
            throw Mismatch(blobPath, result.Digest, diffId);
        }
        return result;
    }

    private static CriMeshException Mismatch(string blobPath, string digest, string diffId) =>
        new(ErrorKind.DataLoss, $"layer blob {blobPath} unpacks to {digest}, not to its diff_id {diffId}");

    private static string DrainDigest(Stream readAhead, HashingReadStream hashing)
    {
        try
        {
            readAhead.CopyTo(Stream.Null, 1 << 20);
            return hashing.Digest();
        }
        catch (Exception e) when (LayerMediaTypes.IsCorruptStream(e) || e is IOException)
        {
            return "unknown: " + e.Message;
        }
    }
}
