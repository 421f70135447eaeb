using CriMesh.Common.Errors;

namespace CriMesh.Common.Grpc;

/// <summary>
/// Retries an idempotent call to a peer while the peer is Unavailable (restarting, say), with capped
/// exponential backoff, for at most <c>maxWait</c> and never past the caller's cancellation (kubelet's
/// deadline). Only for idempotent calls: a retried call may have run once already.
/// </summary>
public static class PeerRetry
{
    /// <summary>How long a call keeps retrying by default: long enough for a daemon restart.</summary>
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(10);

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, TimeSpan? maxWait = null)
    {
        var giveUpAt = Environment.TickCount64 + (long)(maxWait ?? DefaultMaxWait).TotalMilliseconds;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (CriMeshException e) when (e.Kind == ErrorKind.Unavailable
                && !cancellationToken.IsCancellationRequested
                && Environment.TickCount64 + (long)delay.TotalMilliseconds < giveUpAt)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
            }
        }
    }
}
