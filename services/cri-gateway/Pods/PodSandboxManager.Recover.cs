using CriMesh.Common.Errors;
using NetdV1 = CriMesh.Protos.Netd.V1;

namespace CriMesh.Gateway.Pods;

public sealed partial class PodSandboxManager
{
    /// <summary>
    /// After a restart: a pod still Creating was cut off mid-build (the gateway died), so everything of it
    /// is undone; pod dirs without a record are removed. Ready and stopped pods stay as they are (their
    /// netns, pins and infra process outlive the gateway). Parked pods keep waiting for their claim.
    /// </summary>
    private async Task RecoverAsync(IReadOnlyList<PodRecord> records, CancellationToken ct)
    {
        foreach (var record in records.Where(r => r.State == PodState.Creating))
        {
            try
            {
                if (record.InfraPid > 0)
                {
                    await InfraProcess.StopAsync(record.InfraPid, record.InfraStartTicks).ConfigureAwait(false);
                }
                if (!record.HostNetwork)
                {
                    await _netd.TearDownPodAsync(new NetdV1.TearDownPodRequest { SandboxId = record.Id }, cancellationToken: ct).ConfigureAwait(false);
                }
                RemoveLocalState(record);
                _store.Delete(record.Id);
                _store.Release(record.NameKey, record.Id);
                Log.HalfBuiltPodUndone(_logger, record.Id, record.NameKey);
            }
            catch (Exception e) when (e is CriMeshException or IOException or UnauthorizedAccessException or CriMesh.Linux.Interop.SyscallException)
            {
                // Kept, so the next start (or a RemovePodSandbox) tries again.
                Log.RecoveryFailed(_logger, record.Id, e);
            }
        }
        RemoveOrphanPodDirs();
    }

    private void RemoveOrphanPodDirs()
    {
        foreach (var dir in Directory.EnumerateDirectories(RunDir))
        {
            var id = Path.GetFileName(dir);
            if (_store.Get(id) is not null)
            {
                continue;
            }
            try
            {
                RemoveLocalState(new PodRecord { Id = id, Config = new(), PodDir = dir });
                Log.OrphanPodDirRemoved(_logger, dir);
            }
            catch (Exception e) when (e is CriMeshException or IOException or UnauthorizedAccessException or CriMesh.Linux.Interop.SyscallException)
            {
                Log.RecoveryFailed(_logger, id, e);
            }
        }
    }
}
