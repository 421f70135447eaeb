namespace CriMesh.Imaged.Pull;

/// <summary>
/// One blob download that several pulls wait on. It runs under its own token, cancelled only when the
/// last waiter has given up, so one impatient client does not break another's pull.
/// </summary>
internal sealed class SharedDownload
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _gate = new();
    private readonly Func<CancellationToken, Task> _run;
    private int _waiters;

    public SharedDownload(Func<CancellationToken, Task> run)
    {
        _run = run;
    }

    public Task Task { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the download; called once, by the waiter that created it, after joining.</summary>
    public void Start() => Task = Task.Run(() => _run(_cts.Token));

    /// <summary>Adds a waiter; false when the download was already abandoned (start a new one).</summary>
    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_cts.IsCancellationRequested)
            {
                return false;
            }
            _waiters++;
            return true;
        }
    }

    /// <summary>Waits for the download; leaving on cancellation, and cancelling it if no one else waits.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _waiters--;
                if (_waiters == 0 && !Task.IsCompleted)
                {
                    _cts.Cancel();
                }
            }
        }
    }
}
