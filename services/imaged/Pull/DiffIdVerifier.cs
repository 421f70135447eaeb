using CriMesh.Common.Images;

namespace CriMesh.Imaged.Pull;

/// <summary>Checks a layer blob against the config's diff_id (without storaged), by the shared <see cref="LayerDiff"/> rule.</summary>
public static class DiffIdVerifier
{
    public static async Task VerifyAsync(string blobPath, string mediaType, Digest blobDigest, Digest diffId, CancellationToken cancellationToken)
    {
        LayerMediaTypes.RequireLayer(mediaType);
        var file = new FileStream(blobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            await LayerDiff.VerifyAsync(file, diffId.ToString(), $"layer {blobDigest}", cancellationToken).ConfigureAwait(false);
        }
    }
}
