using Microsoft.Extensions.Logging;

namespace CriMesh.Gateway;

/// <summary>Log messages of the gateway; event IDs 2000-2999 (pods 2100-2199).</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Debug, "status: runtime ready {RuntimeReady}, network ready {NetworkReady}")]
    public static partial void StatusChecked(Microsoft.Extensions.Logging.ILogger logger, bool runtimeReady, bool networkReady);

    [LoggerMessage(2100, LogLevel.Information, "pod {SandboxId} ({Name}) created, IPs [{Ips}]")]
    public static partial void PodCreated(ILogger logger, string sandboxId, string name, string ips);

    [LoggerMessage(2101, LogLevel.Information, "pod {SandboxId} ({Name}) stopped")]
    public static partial void PodStopped(ILogger logger, string sandboxId, string name);

    [LoggerMessage(2102, LogLevel.Information, "pod {SandboxId} ({Name}) removed")]
    public static partial void PodRemoved(ILogger logger, string sandboxId, string name);

    [LoggerMessage(2103, LogLevel.Warning, "pod {SandboxId} ({Name}) finished after the caller's deadline; parked for its retry")]
    public static partial void PodParked(ILogger logger, string sandboxId, string name);

    [LoggerMessage(2104, LogLevel.Information, "pod {SandboxId} ({Name}) claimed from the parking lot by a retry")]
    public static partial void PodClaimed(ILogger logger, string sandboxId, string name);

    [LoggerMessage(2105, LogLevel.Information, "retry for pod {SandboxId} ({Name}) joins its creation still at work")]
    public static partial void PodCreateJoined(ILogger logger, string sandboxId, string name);

    [LoggerMessage(2106, LogLevel.Warning, "parked pod {SandboxId} ({Name}) was not claimed in time and is removed")]
    public static partial void ParkedPodExpired(ILogger logger, string sandboxId, string name);

    [LoggerMessage(2107, LogLevel.Warning, "removing parked pod {SandboxId} failed")]
    public static partial void ParkedPodRemoveFailed(ILogger logger, string sandboxId, Exception exception);

    [LoggerMessage(2108, LogLevel.Warning, "pod {SandboxId} ({Name}) was half built when the gateway stopped; undone")]
    public static partial void HalfBuiltPodUndone(ILogger logger, string sandboxId, string name);

    [LoggerMessage(2109, LogLevel.Warning, "recovering pod {SandboxId} failed; kept for the next attempt")]
    public static partial void RecoveryFailed(ILogger logger, string sandboxId, Exception exception);

    [LoggerMessage(2110, LogLevel.Warning, "removed pod dir {PodDir} that had no record")]
    public static partial void OrphanPodDirRemoved(ILogger logger, string podDir);

    [LoggerMessage(2111, LogLevel.Warning, "oom_score_adj {Requested} is below the runtime's own {Own} and this host lacks CAP_SYS_RESOURCE; clamping to {Own} (logged once)")]
    public static partial void OomScoreAdjClamped(ILogger logger, int requested, int own);
}
