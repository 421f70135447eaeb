using CriMesh.Conmon.Stats;
using CriMesh.Protos.Conmon.V1;
using Microsoft.Extensions.Hosting;

namespace CriMesh.Conmon.Runtime;

/// <summary>
/// Probes the default OCI runtime and the monitor binary once at start (a start step, not in the
/// constructor) and answers GetStatus from that, with every configured handler; a status that is not
/// ready is probed again on the next call.
/// </summary>
public sealed class RuntimeStatus(RuntimeHandlers handlers) : IHostedService
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private volatile GetStatusResponse? _last;

    public async Task StartAsync(CancellationToken cancellationToken) => await ProbeAsync(cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The cached status; re-probes when the cached one is not ready.</summary>
    public async Task<GetStatusResponse> GetAsync(CancellationToken cancellationToken) =>
        _last is { RuntimeReady: true } ready ? ready : await ProbeAsync(cancellationToken).ConfigureAwait(false);

    private async Task<GetStatusResponse> ProbeAsync(CancellationToken cancellationToken)
    {
        var handler = handlers.Default;
        var runtime = await BinaryProbe.VersionAsync(handler.RuntimePath, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        var monitor = await BinaryProbe.VersionAsync(handler.MonitorPath, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        var (reason, message) = (runtime.Found, monitor.Found) switch
        {
            (false, _) => ("RuntimeMissing", $"oci runtime unusable: {runtime.Error}"),
            (_, false) => ("MonitorMissing", $"conmon monitor unusable: {monitor.Error}"),
            _ => ("", ""),
        };
        var status = new GetStatusResponse
        {
            RuntimeReady = runtime.Found && monitor.Found,
            Reason = reason,
            Message = message,
            RuntimePath = handler.RuntimePath,
            RuntimeVersion = runtime.Version,
            MonitorPath = handler.MonitorPath,
            MonitorVersion = monitor.Version,
            CgroupVersion = CgroupFiles.Version,
        };
        foreach (var h in handlers.All.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            var entry = new Protos.Conmon.V1.RuntimeHandler
            {
                Name = h.Name,
                RuntimePath = h.RuntimePath,
                RuntimeType = h.RuntimeType,
                RecursiveReadOnlyMounts = h.RecursiveReadOnlyMounts,
                UserNamespaces = h.UserNamespaces,
            };
            entry.AllowedAnnotations.AddRange(h.AllowedAnnotations);
            status.Handlers.Add(entry);
        }
        _last = status;
        return status;
    }
}
