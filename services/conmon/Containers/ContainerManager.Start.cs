using CriMesh.Common.Errors;
using CriMesh.Protos.Conmon.V1;

namespace CriMesh.Conmon.Containers;

public sealed partial class ContainerManager
{
    /// <summary><c>runtime start</c>: CREATED to RUNNING; FailedPrecondition from any other phase.</summary>
    public async Task<ContainerState> StartAsync(string id, CancellationToken ct)
    {
        var (_, slot) = Require(id);
        using var _ = await slot.LockAsync(ct).ConfigureAwait(false);
        var record = _store.Get(id) ?? throw CriMeshException.NotFound($"container {id} not found");
        if (record.Phase != ContainerPhase.Created)
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition,
                $"container {id} is {record.Phase.ToString().ToLowerInvariant()}, only a created container can be started");
        }
        await _runtime.StartAsync(_handlers.Resolve(record.Handler), id, ct).ConfigureAwait(false);
        record = record with { Phase = ContainerPhase.Running, StartedUnixNano = NowUnixNano() };
        _store.Put(record);
        Log.Started(_logger, id);
        Publish(ContainerEventType.ContainerEventStarted, record);
        return ToState(record);
    }
}
