using System.IO.Compression;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Manifests;
using ZstdSharp;

namespace CriMesh.Imaged.Pull;

/// <summary>Decompresses a layer blob and checks its digest against the config's diff_id.</summary>
public static class DiffIdVerifier
{
    public static async Task VerifyAsync(string blobPath, string mediaType, Digest blobDigest, Digest diffId, CancellationToken cancellationToken)
    {
        var compression = MediaTypes.LayerCompressionOf(mediaType);
        var file = new FileStream(blobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            Stream plain = compression switch
            {
                LayerCompression.Gzip => new GZipStream(file, CompressionMode.Decompress, leaveOpen: true),
                LayerCompression.Zstd => new DecompressionStream(file, leaveOpen: true),
                LayerCompression.None => file,
                _ => throw new CriMeshException(ErrorKind.Unimplemented, $"layer {blobDigest} has unsupported media type {mediaType}"),
            };
            await using (plain.ConfigureAwait(false))
            {
                using var hasher = diffId.CreateHasher();
                var buffer = new byte[256 * 1024];
                try
                {
                    while (true)
                    {
                        var n = await plain.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                        if (n == 0)
                        {
                            break;
                        }
                        hasher.AppendData(buffer, 0, n);
                    }
                }
                catch (Exception e) when (e is InvalidDataException or ZstdException or IOException)
                {
                    throw new CriMeshException(ErrorKind.DataLoss, $"layer {blobDigest} does not decompress as {mediaType}: {e.Message}", e);
                }
                var actual = Digest.FromHash(diffId.Algorithm, hasher.GetHashAndReset());
                if (actual != diffId)
                {
                    throw new CriMeshException(ErrorKind.DataLoss,
                        $"layer {blobDigest} uncompresses to {actual}, not the diff_id {diffId} of the image config");
                }
            }
        }
    }
}
