namespace CriMesh.Gateway.Pods;

/// <summary>
/// One RunPodSandbox at work, keyed by the pod name. Callers wait on <see cref="Task"/>; when none waits
/// any more (kubelet's deadline fired) and it succeeds, the pod is parked for kubelet's retry.
/// Fields are guarded by the manager's jobs lock.
/// </summary>
public sealed class CreateJob(string nameKey, string id)
{
    public string NameKey { get; } = nameKey;

    public string Id { get; } = id;

    public Task<PodRecord> Task { get; set; } = System.Threading.Tasks.Task.FromResult<PodRecord>(null!);

    /// <summary>Callers now waiting for the result.</summary>
    public int Waiters { get; set; }

    /// <summary>The deadline of the caller that joined last (UTC): past it, nobody is really waiting any more.</summary>
    public DateTime LatestDeadline { get; set; } = DateTime.MaxValue;

    /// <summary>Set once the job has ended and left the table of running jobs.</summary>
    public bool Settled { get; set; }

    /// <summary>A waiter received the pod ID.</summary>
    public bool Delivered { get; set; }

    /// <summary>Nobody received it, so the pod went to the parking lot.</summary>
    public bool Parked { get; set; }
}
