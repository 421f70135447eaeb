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
}
