using CriMesh.Common.Errors;
using ConmonV1 = CriMesh.Protos.Conmon.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    private readonly Dictionary<string, CreateJob> jobs = new(StringComparer.Ordinal);
    private readonly Lock jobsLock = new();

    /// <summary>One CreateContainer at work for a name key; callers wait on it, kubelet's retry joins it.</summary>
    private sealed class CreateJob
    {
        public required Task<ContainerRecord> Task { get; set; }
        public int Waiters { get; set; }
        public bool Delivered { get; set; }
    }

    /// <summary>
    /// Runs the create for <paramref name="nameKey"/> unless one runs already (then waits for it) or a parked
    /// result waits to be claimed (then returns it). The work runs on the manager's own token, so when the
    /// caller's deadline fires it finishes anyway; a result nobody waited for is parked, as CRI-O does, and
    /// kubelet's retry with the same name gets it instead of an AlreadyExists.
    /// </summary>
    private async Task<string> CreateOrJoinAsync(string nameKey, Func<CancellationToken, Task<ContainerRecord>> create, CancellationToken ct)
    {
        CreateJob job;
        lock (jobsLock)
        {
            if (!jobs.TryGetValue(nameKey, out job!))
            {
                if (store.All.FirstOrDefault(r => r.NameKey == nameKey) is { } existing)
                {
                    return existing.Parked ? Claim(existing)
                        : throw new CriMeshException(ErrorKind.AlreadyExists, $"container name {nameKey} is already in use by {existing.Id}");
                }
                job = new CreateJob { Task = System.Threading.Tasks.Task.FromResult<ContainerRecord>(null!) };
                job.Task = RunJobAsync(nameKey, job, create);
                jobs[nameKey] = job;
            }
            job.Waiters++;
        }
        try
        {
            var record = await job.Task.WaitAsync(ct).ConfigureAwait(false);
            lock (jobsLock) job.Delivered = true;
            return record.Id;
        }
        finally
        {
            lock (jobsLock) job.Waiters--;
        }
    }

    private async Task<ContainerRecord> RunJobAsync(string nameKey, CreateJob job, Func<CancellationToken, Task<ContainerRecord>> create)
    {
        await System.Threading.Tasks.Task.Yield();
        try
        {
            var record = await create(stopping.Token).ConfigureAwait(false);
            lock (jobsLock)
            {
                if (job.Waiters == 0 && !job.Delivered)
                {
                    record = record with { Parked = true, ParkedAtNs = NowNs() };
                    store.Put(record);
                    Log.ContainerParked(logger, record.Id, record.Metadata.Name);
                }
            }
            return record;
        }
        finally
        {
            lock (jobsLock) jobs.Remove(nameKey);
        }
    }

    private string Claim(ContainerRecord parked)
    {
        store.Put(parked with { Parked = false, ParkedAtNs = 0 });
        Log.ContainerClaimed(logger, parked.Id, parked.Metadata.Name);
        return parked.Id;
    }

    /// <summary>Removes parked containers their retry never came for.</summary>
    private async Task RemoveExpiredParkedAsync()
    {
        var limit = NowNs() - options.ParkedContainerTimeout.Ticks * 100;
        foreach (var r in store.All.Where(r => r.Parked && r.ParkedAtNs < limit).ToList())
        {
            try
            {
                await RemoveRecordAsync(r, stopping.Token).ConfigureAwait(false);
                Log.ParkedContainerExpired(logger, r.Id, r.Metadata.Name);
            }
            catch (Exception e) when (e is CriMeshException or OperationCanceledException or Grpc.Core.RpcException)
            {
                Log.ContainerUndoFailed(logger, r.Id, "expire parked", e.Message);
            }
        }
    }

    private Task<ConmonV1.ContainerState> StateAsync(string id, CancellationToken ct) =>
        conmon.GetContainerAsync(new ConmonV1.GetContainerRequest { ContainerId = id }, cancellationToken: ct).ResponseAsync;
}
