using System.Text.Json.Nodes;
using CriMesh.Common.Errors;
using CriMesh.Netd.Cni;
using CriMesh.Netd.Netns;
using CriMesh.Netd.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CriMesh.Netd.Pods;

/// <summary>
/// Pod networks: a pinned namespace plus the CNI chain's ADD, remembered in <see cref="PodStore"/>. Calls for
/// one sandbox ID are serialized; calls wait until the start-up reconcile (see PodNetworks.Reconcile.cs) ran.
/// </summary>
public sealed partial class PodNetworks(
    NetdOptions options,
    PodStore store,
    NetnsPins pins,
    CniConfigSource configs,
    CniNetwork cni,
    TimeProvider time,
    ILogger<PodNetworks> logger) : IHostedService
{
    private const int Stripes = 64;
    private readonly SemaphoreSlim[] locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileAsync(cancellationToken).ConfigureAwait(false);
            started.TrySetResult();
        }
        catch (Exception e)
        {
            started.TrySetException(e);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<PodRecord> GetAsync(string sandboxId, CancellationToken cancellationToken)
    {
        await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var record = store.Get(PodSetup.ValidateSandboxId(sandboxId));
        return record is { State: PodRecord.StateReady }
            ? record
            : throw CriMeshException.NotFound($"pod network {sandboxId} not found");
    }

    public async Task<IReadOnlyList<PodRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return store.All().Where(r => r.State == PodRecord.StateReady).OrderBy(r => r.CreatedUnixNano).ToList();
    }

    private async Task<IDisposable> LockAsync(string sandboxId, CancellationToken cancellationToken)
    {
        await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var gate = locks[(int)((uint)StringComparer.Ordinal.GetHashCode(sandboxId) % Stripes)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    /// <summary>
    /// The plugin call for a recorded pod. With <paramref name="netnsGone"/> CNI_NETNS is empty, which tells
    /// plugins (spec: DEL must tolerate missing resources) to release what they hold outside the namespace only.
    /// </summary>
    private static PluginCall CallFor(PodRecord record, bool netnsGone = false) => new(record.SandboxId, netnsGone ? "" : record.NetnsPath, record.IfName,
        PluginCall.KubernetesArgs(record.PodNamespace, record.PodName, record.SandboxId, record.PodUid));

    private static (NetworkConfig Config, JsonObject Args, JsonObject? Result) Cached(PodRecord record) => (
        NetworkConfig.Parse(record.ConfigPath, System.Text.Encoding.UTF8.GetBytes(record.ConfigJson)),
        JsonNode.Parse(record.RuntimeArgsJson) as JsonObject ?? [],
        record.ResultJson.Length > 0 ? JsonNode.Parse(record.ResultJson) as JsonObject : null);

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
