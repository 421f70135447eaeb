using NetdV1 = CriMesh.Protos.Netd.V1;

namespace CriMesh.Gateway.Pods;

public sealed partial class PodSandboxManager
{
    /// <summary>
    /// StopPodSandbox: stops the pod's containers, ends the infra process, tears the network down (CNI DEL,
    /// IP released) and records NotReady. Idempotent: a stopped pod or an unknown ID succeeds.
    /// </summary>
    public async Task StopAsync(string idOrPrefix, CancellationToken ct)
    {
        if (!_store.TryResolve(idOrPrefix, out var found, out var error))
        {
            if (error!.Kind == Common.Errors.ErrorKind.NotFound)
            {
                return;
            }
            throw error;
        }
        using (await LockPodAsync(found!.Id, ct).ConfigureAwait(false))
        {
            var record = _store.Get(found.Id);
            if (record is null || record.State == PodState.NotReady)
            {
                return;
            }
            await StopLockedAsync(record, ct).ConfigureAwait(false);
        }
    }

    private async Task<PodRecord> StopLockedAsync(PodRecord record, CancellationToken ct)
    {
        await _containers.StopAllAsync(record, ct).ConfigureAwait(false);
        if (record.InfraPid > 0)
        {
            await InfraProcess.StopAsync(record.InfraPid, record.InfraStartTicks).ConfigureAwait(false);
        }
        if (!record.HostNetwork)
        {
            await _netd.TearDownPodAsync(new NetdV1.TearDownPodRequest { SandboxId = record.Id }, cancellationToken: ct).ConfigureAwait(false);
        }
        var stopped = record with { State = PodState.NotReady, Ips = [], NetnsPath = "" };
        _store.Put(stopped);
        Log.PodStopped(_logger, record.Id, record.NameKey);
        return stopped;
    }
}
