using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged;

/// <summary>Source-generated log messages of imaged. Event IDs 3000-3999.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "pulling {ImageRef}")]
    public static partial void PullStarted(ILogger logger, string imageRef);

    [LoggerMessage(3001, LogLevel.Information, "pulled {ImageRef} as {ImageId}: {Layers} layers, {Bytes} bytes downloaded in {ElapsedMs} ms")]
    public static partial void PullCompleted(ILogger logger, string imageRef, string imageId, int layers, long bytes, long elapsedMs);

    [LoggerMessage(3002, LogLevel.Warning, "pull of {ImageRef} failed ({Kind}): {Message}")]
    public static partial void PullFailed(ILogger logger, string imageRef, string kind, string message);

    [LoggerMessage(3003, LogLevel.Information, "pull of {ImageRef}: {DoneBytes} of {TotalBytes} bytes, {DoneLayers} of {Layers} layers")]
    public static partial void PullProgress(ILogger logger, string imageRef, long doneBytes, long totalBytes, int doneLayers, int layers);

    [LoggerMessage(3004, LogLevel.Information, "endpoint {Endpoint} failed for {ImageRef}, trying the next: {Message}")]
    public static partial void EndpointFailed(ILogger logger, string endpoint, string imageRef, string message);

    [LoggerMessage(3005, LogLevel.Debug, "blob {Digest} downloaded: {Bytes} bytes (resumed at {Offset})")]
    public static partial void BlobDownloaded(ILogger logger, string digest, long bytes, long offset);

    [LoggerMessage(3006, LogLevel.Information, "resuming blob {Digest} at byte {Offset} of {Size}")]
    public static partial void BlobResuming(ILogger logger, string digest, long offset, long size);

    [LoggerMessage(3007, LogLevel.Debug, "blob {Digest} already present")]
    public static partial void BlobPresent(ILogger logger, string digest);

    [LoggerMessage(3008, LogLevel.Information, "removed image {ImageId} ({Reference})")]
    public static partial void ImageRemoved(ILogger logger, string imageId, string reference);

    [LoggerMessage(3009, LogLevel.Information, "untagged {Tag} from image {ImageId}")]
    public static partial void ImageUntagged(ILogger logger, string tag, string imageId);

    [LoggerMessage(3010, LogLevel.Information, "image store {Root}: {Images} images")]
    public static partial void StoreOpened(ILogger logger, string root, int images);

    [LoggerMessage(3011, LogLevel.Information, "registries: {Registries} [[registry]] entries, short names searched on {Search}")]
    public static partial void RegistriesLoaded(ILogger logger, int registries, string search);

    [LoggerMessage(3013, LogLevel.Debug, "registry {Host} stopped answering blob {Digest}, retrying from byte {Offset}: {Message}")]
    public static partial void BlobRetry(ILogger logger, string host, string digest, long offset, string message);

    [LoggerMessage(3014, LogLevel.Debug, "{Rpc} {Reference}")]
    public static partial void Query(ILogger logger, string rpc, string reference);

    [LoggerMessage(3015, LogLevel.Warning, "image store {Root}: set {Count} directories and files to modes 0700/0600 (an older imaged left them readable by others)")]
    public static partial void StoreModesRepaired(ILogger logger, string root, int count);

    [LoggerMessage(3041, LogLevel.Warning, "could not delete lease {LeaseId} of a failed pull (it expires on its own): {Message}")]
    public static partial void LeaseDeleteFailed(ILogger logger, string leaseId, string message);

    [LoggerMessage(3060, LogLevel.Information, "image {ImageId} committed: {Bytes} bytes of layer blobs dropped (storaged holds the layers unpacked)")]
    public static partial void LayerBlobsDropped(ILogger logger, string imageId, long bytes);

    [LoggerMessage(3061, LogLevel.Warning, "image {ImageId} committed, but its layer blobs could not all be dropped: {Reason}")]
    public static partial void LayerBlobsDropFailed(ILogger logger, string imageId, string reason);

    [LoggerMessage(3062, LogLevel.Information, "removed {Count} partial downloads older than {MaxAge} from {Dir}")]
    public static partial void StaleIngestRemoved(ILogger logger, int count, TimeSpan maxAge, string dir);

    [LoggerMessage(3063, LogLevel.Warning, "could not collect stale partial downloads in {Dir}: {Reason}")]
    public static partial void StaleIngestFailed(ILogger logger, string dir, string reason);
}
