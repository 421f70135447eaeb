using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CriMesh.Common;

/// <summary>Source-generated log messages of the shared library. Event IDs 1000-1999 are reserved for it.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Error, "unexpected failure in {Method}")]
    public static partial void UnexpectedFailure(ILogger logger, string method, Exception exception);

    [LoggerMessage(1001, LogLevel.Debug, "{Method} failed with {Code}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode code, string detail);

    [LoggerMessage(1010, LogLevel.Information, "{Daemon} serving on {SocketPath} (pid {Pid})")]
    public static partial void Serving(ILogger logger, string daemon, string socketPath, int pid);

    [LoggerMessage(1011, LogLevel.Information, "{Daemon} stopped")]
    public static partial void Stopped(ILogger logger, string daemon);

    [LoggerMessage(1012, LogLevel.Critical, "{Daemon} failed")]
    public static partial void HostFailed(ILogger logger, string daemon, Exception exception);

    [LoggerMessage(1020, LogLevel.Warning, "call to {Peer} failed with {Code}; retry {Attempt} in {Delay}")]
    public static partial void PeerRetry(ILogger logger, string peer, string code, int attempt, TimeSpan delay);

    [LoggerMessage(1030, LogLevel.Information, "undoing step {Step}")]
    public static partial void UndoRunning(ILogger logger, string step);

    [LoggerMessage(1031, LogLevel.Error, "undo of step {Step} failed; continuing with the rest: {Detail}")]
    public static partial void UndoFailed(ILogger logger, string step, string detail);

    [LoggerMessage(1040, LogLevel.Information, "loaded {Count} records from {Directory}")]
    public static partial void RecordsLoaded(ILogger logger, int count, string directory);

    [LoggerMessage(1041, LogLevel.Error, "record file {Path} is unreadable ({Reason}); moved aside to {Quarantine}")]
    public static partial void RecordQuarantined(ILogger logger, string path, string reason, string quarantine);

    [LoggerMessage(1042, LogLevel.Warning, "removed {Count} temporary files a crash left in {Directory}")]
    public static partial void RecordTemporariesRemoved(ILogger logger, int count, string directory);
}
