using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged;

/// <summary>Source-generated log messages of storaged. Event IDs 4000-4999.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "store opened at {Root}: {Layers} layers, {Images} images, {Rootfs} container filesystems")]
    public static partial void StoreOpened(ILogger logger, string root, int layers, int images, int rootfs);

    [LoggerMessage(4001, LogLevel.Warning, "reconcile: removed {What} {Path}: {Reason}")]
    public static partial void ReconcileRemoved(ILogger logger, string what, string path, string reason);

    [LoggerMessage(4002, LogLevel.Information, "layer {ChainId} unpacked ({Bytes} bytes, {Inodes} inodes) in {Elapsed}")]
    public static partial void LayerUnpacked(ILogger logger, string chainId, long bytes, long inodes, TimeSpan elapsed);

    [LoggerMessage(4003, LogLevel.Information, "image {ImageId} retains layer {ChainId}")]
    public static partial void ImageRetained(ILogger logger, string imageId, string chainId);

    [LoggerMessage(4004, LogLevel.Information, "image {ImageId} released")]
    public static partial void ImageReleased(ILogger logger, string imageId);

    [LoggerMessage(4005, LogLevel.Information, "container filesystem {ContainerId} prepared on image {ImageId} ({Layers} layers)")]
    public static partial void RootfsPrepared(ILogger logger, string containerId, string imageId, int layers);

    [LoggerMessage(4006, LogLevel.Information, "container filesystem {ContainerId} mounted at {MountPoint}")]
    public static partial void RootfsMounted(ILogger logger, string containerId, string mountPoint);

    [LoggerMessage(4007, LogLevel.Information, "container filesystem {ContainerId} removed")]
    public static partial void RootfsRemoved(ILogger logger, string containerId);

    [LoggerMessage(4008, LogLevel.Information, "garbage collection removed layer {ChainId} ({Bytes} bytes)")]
    public static partial void LayerCollected(ILogger logger, string chainId, long bytes);

    [LoggerMessage(4009, LogLevel.Warning, "unmount of {Path} was busy; detached it lazily")]
    public static partial void UnmountDetached(ILogger logger, string path);

    [LoggerMessage(4010, LogLevel.Warning, "could not delete {Path}: {Reason}")]
    public static partial void DeleteFailed(ILogger logger, string path, string reason);

    [LoggerMessage(4011, LogLevel.Warning, "layer {ChainId} rejected: {Reason}")]
    public static partial void LayerRejected(ILogger logger, string chainId, string reason);

    [LoggerMessage(4012, LogLevel.Error, "periodic garbage collection failed")]
    public static partial void GcFailed(ILogger logger, Exception exception);

    [LoggerMessage(4013, LogLevel.Information, "lease {LeaseId} opened for {Purpose}, expires in {Expiry}")]
    public static partial void LeaseCreated(ILogger logger, string leaseId, string purpose, TimeSpan expiry);

    [LoggerMessage(4014, LogLevel.Information, "lease {LeaseId} committed: image {ImageId} holds {ChainId}")]
    public static partial void LeaseCommitted(ILogger logger, string leaseId, string imageId, string chainId);

    [LoggerMessage(4015, LogLevel.Information, "lease {LeaseId} deleted")]
    public static partial void LeaseDeleted(ILogger logger, string leaseId);

    [LoggerMessage(4016, LogLevel.Information, "lease {LeaseId} for {Purpose} expired; what only it held goes")]
    public static partial void LeaseExpired(ILogger logger, string leaseId, string purpose);

    [LoggerMessage(4030, LogLevel.Information, "unpack of layer {ChainId} stopped after {Elapsed}: every caller cancelled or passed its deadline")]
    public static partial void UnpackAbandoned(ILogger logger, string chainId, TimeSpan elapsed);
}
