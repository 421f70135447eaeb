namespace CriMesh.Storaged.Layers;

/// <summary>
/// One unpack per chain ID, shared by every ApplyLayer call that wants that layer. Each call waits under its
/// own token; the unpack runs under a token of its own that is cancelled when the last waiting call gives
/// up (cancelled or past its deadline), so an abandoned unpack stops and frees its slot while a shared one
/// goes on for the calls still waiting. A call arriving after that starts a fresh unpack.
/// </summary>
internal sealed class SharedUnpacks<T>
{
    private readonly Dictionary<string, Job> jobs = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="work"/> for <paramref name="key"/>, or joins the run already going on (Joined).
    /// </summary>
    public async Task<(T Result, bool Joined)> RunAsync(string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        Job job;
        bool joined;
        lock (jobs)
        {
            joined = jobs.TryGetValue(key, out job!);
            if (!joined)
            {
                job = new Job();
                jobs[key] = job;
                job.Task = Start(key, job, work);
            }
            job.Waiters++;
        }
        try
        {
            return (await job.Task.WaitAsync(cancellationToken).ConfigureAwait(false), joined);
        }
        finally
        {
            Leave(key, job);
        }
    }

    /// <summary>The keys being worked on now.</summary>
    public IReadOnlyList<string> Keys()
    {
        lock (jobs)
        {
            return [.. jobs.Keys];
        }
    }

    private Task<T> Start(string key, Job job, Func<CancellationToken, Task<T>> work) => Task.Run(async () =>
    {
        try
        {
            return await work(job.Stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Forget(key, job);
        }
    });

    private void Leave(string key, Job job)
    {
        bool abandoned;
        lock (jobs)
        {
            abandoned = --job.Waiters == 0 && !job.Task.IsCompleted;
            if (abandoned)
            {
                Forget(key, job);
            }
        }
        if (abandoned)
        {
            // Outside the lock: cancellation runs the unpack's callbacks on this thread.
            job.Stop.Cancel();
        }
    }

    private void Forget(string key, Job job)
    {
        lock (jobs)
        {
            if (jobs.TryGetValue(key, out var current) && ReferenceEquals(current, job))
            {
                jobs.Remove(key);
            }
        }
    }

    private sealed class Job
    {
        /// <summary>Cancelled when no call waits any more; never disposed, as it arms no timer.</summary>
        public CancellationTokenSource Stop { get; } = new();

        public Task<T> Task { get; set; } = null!;

        public int Waiters { get; set; }
    }
}
