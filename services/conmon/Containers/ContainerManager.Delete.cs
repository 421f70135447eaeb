using CriMesh.Protos.Conmon.V1;

namespace CriMesh.Conmon.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Kills a container that still runs (and waits for its exit, bounded), <c>runtime delete --force</c>,
    /// then removes the bundle, the exit file and the record. Unknown IDs succeed.
    /// </summary>
    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        ContainerIds.Require(id);
        if (_store.Get(id) is not { } record || !_slots.TryGetValue(id, out var slot))
        {
            return;
        }
        var handler = _handlers.Resolve(record.Handler);
        if (record.Phase != ContainerPhase.Exited)
        {
            await _runtime.KillAsync(handler, id, SIGKILL, all: true, ct).ConfigureAwait(false);
            await WaitExitAsync(slot, _options.KillTimeout, ct).ConfigureAwait(false);
        }
        using (await slot.LockAsync(ct).ConfigureAwait(false))
        {
            if (_store.Get(id) is null)
            {
                return;
            }
            await _runtime.DeleteAsync(handler, id, ct).ConfigureAwait(false);
            if (MonitorProcess.IsMonitorOf(record.MonitorPid, id))
            {
                // The container is gone; a monitor still draining its output would hold the log open.
                await WaitMonitorGoneAsync(record.MonitorPid, id, ct).ConfigureAwait(false);
            }
            File.Delete(_layout.ExitFile(id));
            if (Directory.Exists(record.BundlePath))
            {
                Directory.Delete(record.BundlePath, recursive: true);
            }
            _store.Delete(id);
            _slots.TryRemove(id, out _);
        }
        Log.Deleted(_logger, id);
        Publish(ContainerEventType.ContainerEventDeleted, record);
    }

    /// <summary>Waits (bounded by kill_timeout, 20 ms steps) for a monitor to finish, then SIGKILLs it.</summary>
    private async Task WaitMonitorGoneAsync(int monitorPid, string id, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + _options.KillTimeout;
        while (MonitorProcess.IsMonitorOf(monitorPid, id) && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, ct).ConfigureAwait(false);
        }
        if (MonitorProcess.IsMonitorOf(monitorPid, id))
        {
            CriMesh.Linux.Interop.Libc.Kill(monitorPid, SIGKILL);
        }
    }
}
