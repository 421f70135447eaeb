using CriMesh.Conmon.Options;
using CriMesh.Protos.Conmon.V1;
using Microsoft.Extensions.Hosting;

namespace CriMesh.Conmon.Runtime;

/// <summary>
/// Probes the OCI runtime and the monitor binary once at start (a start step, not in the constructor)
/// and answers GetStatus from that; a binary that goes missing later is seen at the next probe.
/// </summary>
public sealed class RuntimeStatus(ConmonOptions options) : IHostedService
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
        var runtime = await BinaryProbe.VersionAsync(options.RuntimePath, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        var monitor = await BinaryProbe.VersionAsync(options.MonitorPath, ProbeTimeout, cancellationToken).ConfigureAwait(false);
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
            RuntimePath = options.RuntimePath,
            RuntimeVersion = runtime.Version,
            MonitorPath = options.MonitorPath,
            MonitorVersion = monitor.Version,
        };
        _last = status;
        return status;
    }
}
