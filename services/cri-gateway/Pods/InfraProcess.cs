using System.Globalization;
using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Common.Processes;
using CriMesh.Linux.Interop;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// The pod's infra process, only for PID mode POD: crimesh-pause started detached (it double-forks into
/// its own session and PID namespace), its PID namespace pinned in the pod dir, its oom_score_adj set.
/// </summary>
public static class InfraProcess
{
    public sealed record Started(int Pid, ulong StartTicks, string PidNsPath);

    /// <summary>What kubelet gives pause containers; clamped where the runtime cannot go that low.</summary>
    public const int OomScoreAdj = -998;

    public static async Task<Started> StartAsync(string binary, string podDir, OomScoreAdjPolicy oom, CancellationToken ct)
    {
        if (!File.Exists(binary))
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"infra process binary {binary} not found (needed for PID mode POD)");
        }
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec(binary, []) { Timeout = TimeSpan.FromSeconds(10) }, ct).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(outcome.Stdout).Trim();
        if (outcome.ExitCode != 0 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            throw new CriMeshException(ErrorKind.Internal,
                $"infra process {binary} failed (exit {outcome.ExitCode}): {Encoding.UTF8.GetString(outcome.Stderr).Trim()}");
        }
        var ticks = ProcessIdentity.StartTicks(pid);
        if (ticks is null)
        {
            throw new CriMeshException(ErrorKind.Internal, $"infra process {pid} exited right after it started");
        }
        var started = new Started(pid, ticks.Value, Path.Combine(podDir, "pid"));
        try
        {
            File.WriteAllText($"/proc/{pid}/oom_score_adj", oom.Clamp(OomScoreAdj).ToString(CultureInfo.InvariantCulture));
            PodNamespaces.BindNamespace($"/proc/{pid}/ns/pid", started.PidNsPath);
            return started;
        }
        catch
        {
            await StopAsync(pid, ticks.Value).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Ends the infra process if it still is the one started (SIGTERM, then SIGKILL after a bounded wait)
    /// and waits, bounded, until it is gone or a zombie awaiting its reaper.
    /// </summary>
    public static async Task StopAsync(int pid, ulong startTicks)
    {
        if (!ProcessIdentity.IsAlive(pid, startTicks))
        {
            return;
        }
        _ = Libc.Kill(pid, 15);
        for (var i = 0; i < 100 && ProcessIdentity.IsAlive(pid, startTicks); i++)
        {
            if (i == 50)
            {
                _ = Libc.Kill(pid, 9);
            }
            await Task.Delay(10).ConfigureAwait(false);
        }
        if (ProcessIdentity.IsAlive(pid, startTicks))
        {
            throw new CriMeshException(ErrorKind.Internal, $"infra process {pid} did not exit after SIGKILL");
        }
    }
}
