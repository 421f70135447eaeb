using Microsoft.Extensions.Logging;

namespace CriMesh.Gateway;

// The containers' part of the gateway's Log (event IDs 2200-2299), in its own partial file so the pods
// and containers work can grow their messages without touching each other's lines.
internal static partial class Log
{
    [LoggerMessage(2200, LogLevel.Information, "container {ContainerId} ({Name}) created in pod {SandboxId}")]
    public static partial void ContainerCreated(ILogger logger, string containerId, string name, string sandboxId);

    [LoggerMessage(2201, LogLevel.Information, "container {ContainerId} started")]
    public static partial void ContainerStarted(ILogger logger, string containerId);

    [LoggerMessage(2202, LogLevel.Information, "container {ContainerId} stopped, exit code {ExitCode}")]
    public static partial void ContainerStopped(ILogger logger, string containerId, int exitCode);

    [LoggerMessage(2203, LogLevel.Information, "container {ContainerId} removed")]
    public static partial void ContainerRemoved(ILogger logger, string containerId);

    [LoggerMessage(2204, LogLevel.Warning, "container record {File} is unreadable and was moved aside: {Reason}")]
    public static partial void ContainerRecordCorrupt(ILogger logger, string file, string reason);

    [LoggerMessage(2205, LogLevel.Warning, "container {ContainerId} ({Name}) finished after the caller's deadline; parked for its retry")]
    public static partial void ContainerParked(ILogger logger, string containerId, string name);

    [LoggerMessage(2206, LogLevel.Information, "container {ContainerId} ({Name}) claimed from the parking lot by a retry")]
    public static partial void ContainerClaimed(ILogger logger, string containerId, string name);

    [LoggerMessage(2207, LogLevel.Warning, "parked container {ContainerId} ({Name}) was not claimed in time and is removed")]
    public static partial void ParkedContainerExpired(ILogger logger, string containerId, string name);

    [LoggerMessage(2208, LogLevel.Warning, "undo of container {ContainerId} step {Step} failed: {Reason}")]
    public static partial void ContainerUndoFailed(ILogger logger, string containerId, string step, string reason);

    [LoggerMessage(2209, LogLevel.Information, "container {ContainerId}: record without a conmon container or rootfs removed at start")]
    public static partial void ContainerOrphanRemoved(ILogger logger, string containerId);

    [LoggerMessage(2210, LogLevel.Warning, "container events from conmon interrupted: {Reason}; resubscribing")]
    public static partial void ContainerEventsInterrupted(ILogger logger, string reason);
}
