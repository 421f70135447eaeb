using CriMesh.Common.Errors;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Pods;

public sealed partial class PodSandboxManager
{
    /// <summary>
    /// RunPodSandbox: validate, reserve the name, build the pod in a job that does not stop when the caller
    /// gives up. A retry with the same name whose first call gave up (kubelet's deadline) joins the job or
    /// claims the parked pod instead of clashing; a concurrent duplicate is AlreadyExists.
    /// </summary>
    /// <param name="deadline">The caller's deadline (UTC; MaxValue for none): once it has passed, a retry
    /// may take over the call's job even before the server has seen the cancellation.</param>
    public async Task<string> RunAsync(RunPodSandboxRequest request, DateTime deadline, CancellationToken callToken)
    {
        PodValidator.Validate(request, _options.RuntimeHandlers, CgroupDriver);
        var key = PodNameKey.Of(request.Config.Metadata);
        var job = JoinOrStart(request, key, deadline);
        if (job is null)
        {
            return await ClaimParkedAsync(key, callToken).ConfigureAwait(false);
        }
        try
        {
            var record = await job.Task.WaitAsync(callToken).ConfigureAwait(false);
            lock (_jobsLock)
            {
                job.Delivered = true;
            }
            return record.Id;
        }
        catch (OperationCanceledException) when (callToken.IsCancellationRequested)
        {
            lock (_jobsLock)
            {
                job.Waiters--;
            }
            _ = SettleWhenDoneAsync(job);
            throw;
        }
    }

    /// <summary>The job to wait on: a new one, or an orphaned one for this name; null when a parked pod holds it.</summary>
    private CreateJob? JoinOrStart(RunPodSandboxRequest request, string key, DateTime deadline)
    {
        lock (_jobsLock)
        {
            if (_jobs.TryGetValue(key, out var running))
            {
                if (running.Waiters > 0 && running.LatestDeadline > _time.GetUtcNow().UtcDateTime)
                {
                    throw new CriMeshException(ErrorKind.AlreadyExists, $"pod name {key} is already being created as pod {running.Id}");
                }
                running.Waiters++;
                running.LatestDeadline = deadline;
                Log.PodCreateJoined(_logger, running.Id, key);
                return running;
            }
            if (_store.Holder(key) is { } holder && _store.Get(holder) is { Parked: true })
            {
                return null;
            }
            var job = new CreateJob(key, NewId()) { Waiters = 1, LatestDeadline = deadline };
            _store.Reserve(key, job.Id);
            _jobs[key] = job;
            job.Task = Task.Run(() => CreateInBackgroundAsync(request, job));
            _ = SettleWhenDoneAsync(job);
            return job;
        }
    }

    private async Task<PodRecord> CreateInBackgroundAsync(RunPodSandboxRequest request, CreateJob job)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        cts.CancelAfter(_options.PodCreateTimeout);
        return await CreateAsync(request, job.Id, job.NameKey, cts.Token).ConfigureAwait(false);
    }

    /// <summary>Once the job ends: forget it, and park its pod when it succeeded with nobody waiting.</summary>
    private async Task SettleWhenDoneAsync(CreateJob job)
    {
        try
        {
            await job.Task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The undo stack has removed the pod; the waiting callers saw the error.
        }
        lock (_jobsLock)
        {
            if (!job.Settled)
            {
                job.Settled = true;
                _jobs.Remove(job.NameKey);
            }
            if (job.Task.IsCompletedSuccessfully && job.Waiters == 0 && !job.Delivered && !job.Parked)
            {
                job.Parked = true;
                var parked = job.Task.Result with { Parked = true, ParkedAtNs = NowNs() };
                _store.Put(parked);
                Log.PodParked(_logger, parked.Id, job.NameKey);
            }
        }
    }

    /// <summary>kubelet's retry for a pod finished after its deadline: the parked pod becomes visible and is returned.</summary>
    private async Task<string> ClaimParkedAsync(string key, CancellationToken ct)
    {
        var id = _store.Holder(key) ?? throw new CriMeshException(ErrorKind.Aborted, $"parked pod {key} went away, retry");
        using (await LockPodAsync(id, ct).ConfigureAwait(false))
        {
            var record = _store.Get(id);
            if (record is not { Parked: true })
            {
                throw new CriMeshException(ErrorKind.AlreadyExists, $"pod name {key} is already reserved by pod {id}");
            }
            _store.Put(record with { Parked = false, ParkedAtNs = 0 });
            Log.PodClaimed(_logger, id, key);
            return id;
        }
    }

    /// <summary>Removes parked pods older than parked_pod_timeout.</summary>
    private async Task RemoveExpiredParkedAsync()
    {
        var limit = NowNs() - (long)(_options.ParkedPodTimeout.Ticks * 100);
        foreach (var pod in _store.All.Where(p => p.Parked && p.ParkedAtNs < limit))
        {
            try
            {
                await RemoveAsync(pod.Id, _stopping.Token, onlyIfParked: true).ConfigureAwait(false);
                Log.ParkedPodExpired(_logger, pod.Id, pod.NameKey);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ParkedPodRemoveFailed(_logger, pod.Id, e);
            }
        }
    }
}
