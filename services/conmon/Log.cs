using Microsoft.Extensions.Logging;

namespace CriMesh.Conmon;

/// <summary>Log messages of the conmon daemon; event IDs 6000-6999.</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Debug, "reaped orphan {Pid} (wait status {Status})")]
    public static partial void OrphanReaped(ILogger logger, int pid, int status);
}
