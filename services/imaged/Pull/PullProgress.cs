using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged.Pull;

/// <summary>Counts a pull's bytes and layers and logs them every interval while the pull runs (so only for slow, large pulls).</summary>
internal sealed class PullProgress : IDisposable
{
    private readonly ITimer _timer;
    private long _bytes;
    private int _layers;

    public PullProgress(string imageRef, long totalBytes, int layers, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _timer = time.CreateTimer(
            _ => Log.PullProgress(logger, imageRef, Interlocked.Read(ref _bytes), totalBytes, Volatile.Read(ref _layers), layers),
            null, interval, interval);
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    public void AddBytes(long n) => Interlocked.Add(ref _bytes, n);

    public void LayerDone() => Interlocked.Increment(ref _layers);

    public void Dispose() => _timer.Dispose();
}
