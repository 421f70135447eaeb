using CriMesh.Linux.Interop;
using CriMesh.Linux.ProcFs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CriMesh.Conmon.Runtime;

/// <summary>
/// As a child subreaper this daemon inherits orphaned descendants (a process killed by an exec timeout
/// whose monitor exited, say). .NET reaps only the children it started itself and does so at once, so a
/// child that stays a zombie across two scans is an orphan nobody else will wait for: reap it here.
/// </summary>
public sealed class OrphanReaper(ILogger<OrphanReaper> logger, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = new HashSet<int>();
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            seen = ReapOnce(seen);
        }
    }

    /// <summary>Reaps the zombies that were zombies in the previous scan too; returns this scan's zombies.</summary>
    internal HashSet<int> ReapOnce(HashSet<int> previous)
    {
        var zombies = new HashSet<int>();
        foreach (var pid in ProcStat.Children())
        {
            if (ProcStat.State(pid) != 'Z')
            {
                continue;
            }
            if (!previous.Contains(pid))
            {
                zombies.Add(pid);
                continue;
            }
            if (Libc.waitpid(pid, out var status, Libc.WNOHANG) == pid)
            {
                Log.OrphanReaped(logger, pid, status);
            }
        }
        return zombies;
    }
}
