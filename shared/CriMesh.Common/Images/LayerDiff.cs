using CriMesh.Common.Errors;

namespace CriMesh.Common.Images;

/// <summary>
/// Decompress-and-hash, the one way both daemons get a layer's uncompressed digest (its diff_id):
/// the compression is sniffed from the blob, the uncompressed bytes go through a SHA-256.
/// </summary>
public static class LayerDiff
{
    /// <summary>
    /// The uncompressed stream of the seekable <paramref name="blob"/>, hashed as it is read; disposing it
    /// disposes the blob.
    /// </summary>
    public static HashingReadStream Open(Stream blob)
    {
        var compression = LayerMediaTypes.Sniff(blob);
        return new HashingReadStream(LayerMediaTypes.Decompress(new BufferedStream(blob, 1 << 16), compression));
    }

    /// <summary>
    /// Reads <paramref name="blob"/> to the end and checks that it uncompresses to <paramref name="diffId"/>
    /// (sha256). DataLoss, naming <paramref name="what"/>, when it does not decompress or hashes otherwise.
    /// </summary>
    public static async Task VerifyAsync(Stream blob, string diffId, string what, CancellationToken cancellationToken)
    {
        Digest.RequireSha256(diffId, $"diff_id of {what}");
        using var plain = Open(blob);
        var buffer = new byte[256 * 1024];
        try
        {
            while (await plain.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (LayerMediaTypes.IsCorruptStream(e) || e is IOException)
        {
            throw new CriMeshException(ErrorKind.DataLoss, $"{what} does not decompress: {e.Message}", e);
        }
        var actual = plain.Digest();
        if (actual != diffId)
        {
            throw new CriMeshException(ErrorKind.DataLoss, $"{what} uncompresses to {actual}, not the diff_id {diffId} of the image config");
        }
    }
}
