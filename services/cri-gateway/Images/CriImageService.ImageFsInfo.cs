using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using ImagedV1 = CriMesh.Protos.Imaged.V1;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.Gateway.Images;

public sealed partial class CriImageService
{
    /// <summary>
    /// The image filesystem: storaged's unpacked layers (with their mountpoint) plus imaged's blobs, which
    /// live under the same state directory.
    /// </summary>
    public override async Task<ImageFsInfoResponse> ImageFsInfo(ImageFsInfoRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var layersTask = PeerRetry.RunAsync(t => storaged.ImageFsInfoAsync(new StoragedV1.ImageFsInfoRequest(), cancellationToken: t).ResponseAsync, ct);
        var blobsTask = PeerRetry.RunAsync(t => imaged.StoreUsageAsync(new ImagedV1.StoreUsageRequest(), cancellationToken: t).ResponseAsync, ct);
        await Task.WhenAll(layersTask, blobsTask).ConfigureAwait(false);
        var layers = await layersTask.ConfigureAwait(false);
        var blobs = await blobsTask.ConfigureAwait(false);
        var usage = layers.Usage ?? new StoragedV1.FilesystemUsage();
        var timestamp = usage.TimestampUnixNano > 0 ? usage.TimestampUnixNano : (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var response = new ImageFsInfoResponse();
        response.ImageFilesystems.Add(new FilesystemUsage
        {
            Timestamp = timestamp,
            FsId = new FilesystemIdentifier { Mountpoint = layers.Mountpoint },
            UsedBytes = new UInt64Value { Value = (ulong)Math.Max(0, usage.UsedBytes + blobs.UsedBytes) },
            InodesUsed = new UInt64Value { Value = (ulong)Math.Max(0, usage.InodesUsed + blobs.InodesUsed) },
        });
        return response;
    }
}
