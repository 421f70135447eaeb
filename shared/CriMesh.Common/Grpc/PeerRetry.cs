using CriMesh.Common.Errors;

namespace CriMesh.Common.Grpc;

/// <summary>
/// Retries an idempotent call to a peer while the peer is Unavailable (restarting, say), with capped
/// exponential backoff, bounded by attempts and by the caller's cancellation. Only for idempotent calls.
/// </summary>
public static class PeerRetry
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, int maxAttempts = 6)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (CriMeshException e) when (e.Kind == ErrorKind.Unavailable && attempt < maxAttempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }
}
