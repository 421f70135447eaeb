using CriMesh.Common.Config;
using CriMesh.Common.Errors;
using CriMesh.Storaged.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged;

/// <summary>
/// Opens the store at start (reconcile included) before the daemon reports ready, and runs the periodic
/// garbage collection. The gRPC service reaches the store through <see cref="GetAsync"/>.
/// </summary>
public sealed class StorageHost(NodeOptions node, StoragedOptions options, TimeProvider time, ILoggerFactory loggers)
    : BackgroundService
{
    private readonly TaskCompletionSource<Storage> opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger logger = loggers.CreateLogger<StorageHost>();

    /// <summary>The open store; waits while it is still opening.</summary>
    public async Task<Storage> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await opened.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not CriMeshException)
        {
            throw new CriMeshException(ErrorKind.Unavailable, $"storaged store could not be opened: {e.Message}", e);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            opened.TrySetResult(await Storage.OpenAsync(node.DaemonStateDir("storaged"), options, time, loggers, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            opened.TrySetException(e);
            throw;
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        if (opened.Task.IsCompletedSuccessfully)
        {
            opened.Task.Result.Dispose();
        }
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.GcInterval <= TimeSpan.Zero)
        {
            return;
        }
        var storage = await opened.Task.ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.GcInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await storage.Layers.GarbageCollectAsync(dryRun: false, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.GcFailed(logger, e);
            }
        }
    }
}
