using CriMesh.Imaged.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged.Store;

/// <summary>
/// Deletes partial downloads nobody resumed within ingest_max_age (the bytes of a pull that failed and was
/// never retried), at start and then every quarter of that age (at most hourly, at least each minute).
/// </summary>
internal sealed class IngestCollector(ImageStore store, ImagedOptions options, TimeProvider time, ILogger<IngestCollector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.IngestMaxAge <= TimeSpan.Zero)
        {
            return;
        }
        var every = TimeSpan.FromTicks(Math.Clamp(options.IngestMaxAge.Ticks / 4, TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour));
        using var timer = new PeriodicTimer(every, time);
        do
        {
            Collect();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private void Collect()
    {
        try
        {
            var removed = store.CollectStaleIngest(options.IngestMaxAge, time.GetUtcNow());
            if (removed > 0)
            {
                Log.StaleIngestRemoved(logger, removed, options.IngestMaxAge, store.IngestDir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.StaleIngestFailed(logger, store.IngestDir, e.Message);
        }
    }
}
