using Microsoft.Extensions.Logging;

namespace CriMesh.Conmon;

/// <summary>Log messages of the conmon daemon; event IDs 6000-6999.</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Debug, "reaped orphan {Pid} (wait status {Status})")]
    public static partial void OrphanReaped(ILogger logger, int pid, int status);

    [LoggerMessage(6002, LogLevel.Debug, "monitor for {ContainerId} spawned as {Pid}")]
    public static partial void MonitorSpawned(ILogger logger, string containerId, int pid);

    [LoggerMessage(6003, LogLevel.Information, "container {ContainerId} created (handler {Handler}, pid {Pid}, monitor {MonitorPid})")]
    public static partial void Created(ILogger logger, string containerId, string handler, int pid, int monitorPid);

    [LoggerMessage(6004, LogLevel.Information, "container {ContainerId} started")]
    public static partial void Started(ILogger logger, string containerId);

    [LoggerMessage(6005, LogLevel.Information, "container {ContainerId} exited with {ExitCode} (oom killed: {OomKilled})")]
    public static partial void Exited(ILogger logger, string containerId, int exitCode, bool oomKilled);

    [LoggerMessage(6006, LogLevel.Information, "container {ContainerId} deleted")]
    public static partial void Deleted(ILogger logger, string containerId);

    [LoggerMessage(6007, LogLevel.Information, "stopping container {ContainerId} with signal {Signal}, timeout {Timeout}")]
    public static partial void Stopping(ILogger logger, string containerId, int signal, TimeSpan timeout);

    [LoggerMessage(6008, LogLevel.Warning, "container {ContainerId} did not exit within {Timeout} of signal {Signal}; sending SIGKILL")]
    public static partial void StopEscalated(ILogger logger, string containerId, TimeSpan timeout, int signal);

    [LoggerMessage(6009, LogLevel.Information, "reconciled {Count} container records ({Running} running, {Exited} exited)")]
    public static partial void Reconciled(ILogger logger, int count, int running, int exited);

    [LoggerMessage(6010, LogLevel.Warning, "container {ContainerId}: monitor {MonitorPid} is gone and left no exit file; recording exit code {ExitCode}")]
    public static partial void MonitorLost(ILogger logger, string containerId, int monitorPid, int exitCode);

    [LoggerMessage(6011, LogLevel.Warning, "removing orphaned bundle {Bundle} (no record)")]
    public static partial void OrphanBundle(ILogger logger, string bundle);

    [LoggerMessage(6012, LogLevel.Warning, "exit watcher overflowed; rescanning {ExitDir}")]
    public static partial void ExitWatcherOverflow(ILogger logger, string exitDir, Exception error);

    [LoggerMessage(6013, LogLevel.Error, "handling the exit of {ContainerId} failed")]
    public static partial void ExitHandlingFailed(ILogger logger, string containerId, Exception error);

    [LoggerMessage(6014, LogLevel.Information, "container {ContainerId}: log reopened at {LogPath}")]
    public static partial void LogReopened(ILogger logger, string containerId, string logPath);

    [LoggerMessage(6015, LogLevel.Information, "exec in {ContainerId} timed out after {Timeout}; killed")]
    public static partial void ExecTimedOut(ILogger logger, string containerId, TimeSpan timeout);

    [LoggerMessage(6016, LogLevel.Information, "container {ContainerId}: resources updated")]
    public static partial void ResourcesUpdated(ILogger logger, string containerId);

    [LoggerMessage(6017, LogLevel.Warning, "undo step {Step} failed")]
    public static partial void UndoFailed(ILogger logger, string step, Exception error);

    [LoggerMessage(6018, LogLevel.Debug, "event {Type} for {ContainerId} to {Subscribers} subscribers")]
    public static partial void EventPublished(ILogger logger, string type, string containerId, int subscribers);
}
