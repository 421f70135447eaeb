using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged.Pull;

/// <summary>Counts a pull's bytes and layers and logs them every interval while the pull runs (so only for slow, large pulls).</summary>
internal sealed class PullProgress : IDisposable
{
    private readonly ITimer _timer;
    private long _bytes;
    private long _network;
    private int _layers;

    public PullProgress(string imageRef, long totalBytes, int layers, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _timer = time.CreateTimer(
            _ => Log.PullProgress(logger, imageRef, Interlocked.Read(ref _bytes), totalBytes, Volatile.Read(ref _layers), layers),
            null, interval, interval);
    }

    /// <summary>Bytes of the image's layers that are done: downloaded now, resumed from disk, or present already.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Bytes that came over the network in this pull.</summary>
    public long NetworkBytes => Interlocked.Read(ref _network);

    /// <summary>Counts <paramref name="n"/> bytes done; <paramref name="fromNetwork"/> when they came over the network now.</summary>
    public void Add(long n, bool fromNetwork)
    {
        Interlocked.Add(ref _bytes, n);
        if (fromNetwork)
        {
            Interlocked.Add(ref _network, n);
        }
    }

    public void LayerDone() => Interlocked.Increment(ref _layers);

    public void Dispose() => _timer.Dispose();
}
