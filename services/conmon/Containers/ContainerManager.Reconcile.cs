using Microsoft.Extensions.Hosting;

namespace CriMesh.Conmon.Containers;

public sealed partial class ContainerManager : IHostedService
{
    /// <summary>Exit code recorded when a container's monitor died without recording the exit.</summary>
    public const int ExitCodeMonitorLost = 255;

    private FileSystemWatcher? _exitWatcher;

    /// <summary>
    /// Start step, before the socket serves: load the records, watch the exit dir (inotify), then reconcile
    /// each live record with its exit file, the runtime's state and its monitor; remove orphaned bundles.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var record in _store.LoadAll())
        {
            var slot = new Slot();
            if (record.Phase == ContainerPhase.Exited)
            {
                slot.Exited.TrySetResult();
            }
            _slots[record.Id] = slot;
        }
        _exitWatcher = WatchExitDir();
        foreach (var record in _store.All.Where(r => r.Phase != ContainerPhase.Exited))
        {
            await ReconcileAsync(record.Id, cancellationToken).ConfigureAwait(false);
        }
        await RemoveOrphanBundlesAsync(cancellationToken).ConfigureAwait(false);
        var all = _store.All;
        Log.Reconciled(_logger, all.Count, all.Count(r => r.Phase == ContainerPhase.Running),
            all.Count(r => r.Phase == ContainerPhase.Exited));
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _exitWatcher?.Dispose();
        return Task.CompletedTask;
    }

    private FileSystemWatcher WatchExitDir()
    {
        var watcher = new FileSystemWatcher(_layout.ExitDir)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite,
            IncludeSubdirectories = false,
        };
        watcher.Created += (_, e) => _ = OnExitFileAsync(e.Name ?? "");
        watcher.Changed += (_, e) => _ = OnExitFileAsync(e.Name ?? "");
        watcher.Renamed += (_, e) => _ = OnExitFileAsync(e.Name ?? "");
        watcher.Error += (_, e) =>
        {
            Log.ExitWatcherOverflow(_logger, _layout.ExitDir, e.GetException());
            foreach (var file in Directory.EnumerateFiles(_layout.ExitDir))
            {
                _ = OnExitFileAsync(Path.GetFileName(file));
            }
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>Brings one non-exited record in line with what the monitor and the runtime say now.</summary>
    private async Task ReconcileAsync(string id, CancellationToken ct)
    {
        await OnExitFileAsync(id).ConfigureAwait(false);
        var slot = _slots[id];
        using var _ = await slot.LockAsync(ct).ConfigureAwait(false);
        if (_store.Get(id) is not { } record || record.Phase == ContainerPhase.Exited)
        {
            return;
        }
        var state = await _runtime.StateAsync(_handlers.Resolve(record.Handler), id, ct).ConfigureAwait(false);
        var monitorAlive = MonitorProcess.IsMonitorOf(record.MonitorPid, id);
        if (state is { Status: "running" } && record.Phase == ContainerPhase.Created)
        {
            // The daemon died between `runtime start` and writing the record.
            record = record with { Phase = ContainerPhase.Running, StartedUnixNano = NowUnixNano() };
            _store.Put(record);
        }
        if ((state is null || state.Status == "stopped") && !monitorAlive && !File.Exists(_layout.ExitFile(id)))
        {
            Log.MonitorLost(_logger, id, record.MonitorPid, ExitCodeMonitorLost);
            ApplyExit(record, slot, ExitCodeMonitorLost, _time.GetUtcNow(), "the container's monitor exited without recording an exit code");
        }
    }

    /// <summary>Bundles without a record are creates a crash interrupted: kill their monitor, forget them in the runtime, remove them.</summary>
    private async Task RemoveOrphanBundlesAsync(CancellationToken ct)
    {
        foreach (var dir in Directory.EnumerateDirectories(_layout.BundlesDir))
        {
            var id = Path.GetFileName(dir);
            if (_store.Get(id) is not null)
            {
                continue;
            }
            Log.OrphanBundle(_logger, dir);
            foreach (var handler in _handlers.All)
            {
                await DiscardRuntimeStateAsync(handler, id, ct).ConfigureAwait(false);
            }
            Directory.Delete(dir, recursive: true);
        }
    }
}
