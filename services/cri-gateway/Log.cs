using Microsoft.Extensions.Logging;

namespace CriMesh.Gateway;

/// <summary>Log messages of the gateway; event IDs 2000-2999.</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Debug, "status: runtime ready {RuntimeReady}, network ready {NetworkReady}")]
    public static partial void StatusChecked(Microsoft.Extensions.Logging.ILogger logger, bool runtimeReady, bool networkReady);
}
