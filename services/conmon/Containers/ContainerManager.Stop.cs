using CriMesh.Common.Errors;
using CriMesh.Protos.Conmon.V1;

namespace CriMesh.Conmon.Containers;

public sealed partial class ContainerManager
{
    private const int SIGKILL = 9;
    private const int SIGTERM = 15;

    /// <summary>
    /// Sends the stop signal (SIGTERM by default), waits up to the timeout for the exit, then SIGKILLs every
    /// process of the container and waits (bounded by kill_timeout). Returns as soon as the exit is recorded.
    /// A timeout of 0 or less kills at once. Unknown or not running: succeeds, changing nothing.
    /// </summary>
    public async Task<ContainerState> StopAsync(StopContainerRequest request, CancellationToken ct)
    {
        var id = ContainerIds.Require(request.ContainerId);
        if (request.StopSignal is < 0 or > 64)
        {
            throw CriMeshException.Invalid($"stop_signal {request.StopSignal} is not a signal number");
        }
        if (_store.Get(id) is not { } record || !_slots.TryGetValue(id, out var slot))
        {
            return new ContainerState { ContainerId = id, Status = ContainerStatus.Unknown };
        }
        if (record.Phase == ContainerPhase.Exited)
        {
            return ToState(record);
        }
        var handler = _handlers.Resolve(record.Handler);
        var signal = request.StopSignal == 0 ? SIGTERM : request.StopSignal;
        var timeout = TimeSpan.FromSeconds(Math.Clamp(request.TimeoutSeconds, 0, 365L * 24 * 3600));
        Log.Stopping(_logger, id, signal, timeout);
        if (timeout > TimeSpan.Zero && signal != SIGKILL)
        {
            await _runtime.KillAsync(handler, id, signal, all: false, ct).ConfigureAwait(false);
            if (await WaitExitAsync(slot, timeout, ct).ConfigureAwait(false))
            {
                return Get(id);
            }
            Log.StopEscalated(_logger, id, timeout, signal);
        }
        await _runtime.KillAsync(handler, id, SIGKILL, all: true, ct).ConfigureAwait(false);
        return await WaitExitAsync(slot, _options.KillTimeout, ct).ConfigureAwait(false)
            ? Get(id)
            : throw new CriMeshException(ErrorKind.DeadlineExceeded,
                $"container {id} did not exit within {_options.KillTimeout.TotalSeconds:0.#}s of SIGKILL");
    }

    public async Task SignalAsync(string id, int signal, CancellationToken ct)
    {
        var (record, _) = Require(id);
        if (signal is <= 0 or > 64)
        {
            throw CriMeshException.Invalid($"signal {signal} is not a signal number");
        }
        if (record.Phase == ContainerPhase.Exited
            || !await _runtime.KillAsync(_handlers.Resolve(record.Handler), id, signal, all: false, ct).ConfigureAwait(false))
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"container {id} is not running");
        }
    }

    /// <summary>True when the exit was recorded within <paramref name="timeout"/>.</summary>
    private async Task<bool> WaitExitAsync(Slot slot, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await slot.Exited.Task.WaitAsync(timeout, _time, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
