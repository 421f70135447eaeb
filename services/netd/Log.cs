using Microsoft.Extensions.Logging;

namespace CriMesh.Netd;

/// <summary>Source-generated log messages of netd. Event IDs 5000-5999.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "cni config: ready={Ready} config={ConfigPath} {Reason} {Message}")]
    public static partial void CniConfigChanged(ILogger logger, bool ready, string configPath, string reason, string message);

    [LoggerMessage(5001, LogLevel.Debug, "cni plugin {Type} {Command} for {SandboxId}: exit {ExitCode} in {Elapsed}")]
    public static partial void PluginRan(ILogger logger, string type, string command, string sandboxId, int exitCode, TimeSpan elapsed);

    [LoggerMessage(5002, LogLevel.Warning, "cni plugin {Type} DEL for {SandboxId} failed: {Message}")]
    public static partial void PluginDeleteFailed(ILogger logger, string type, string sandboxId, string message);

    [LoggerMessage(5003, LogLevel.Information, "pod network {SandboxId} ({PodNamespace}/{PodName}) set up: ips {Ips} on network {Network}")]
    public static partial void PodSetUp(ILogger logger, string sandboxId, string podNamespace, string podName, string ips, string network);

    [LoggerMessage(5004, LogLevel.Information, "pod network {SandboxId} ({PodNamespace}/{PodName}) torn down")]
    public static partial void PodTornDown(ILogger logger, string sandboxId, string podNamespace, string podName);

    [LoggerMessage(5005, LogLevel.Warning, "cleanup DEL for {SandboxId} failed: {Message}")]
    public static partial void CleanupDeleteFailed(ILogger logger, string sandboxId, string message);

    [LoggerMessage(5006, LogLevel.Warning, "reconcile: tearing down pod network {SandboxId}: {Reason}")]
    public static partial void ReconcileTearDown(ILogger logger, string sandboxId, string reason);

    [LoggerMessage(5007, LogLevel.Warning, "reconcile: unpinned namespace {SandboxId}, which has no record")]
    public static partial void ReconcileUnpinned(ILogger logger, string sandboxId);

    [LoggerMessage(5008, LogLevel.Information, "reconcile: {Kept} pod networks kept, {Removed} removed")]
    public static partial void Reconciled(ILogger logger, int kept, int removed);
}
