using System.Globalization;
using CriMesh.Conmon.Stats;
using CriMesh.Protos.Conmon.V1;

namespace CriMesh.Conmon.Containers;

public sealed partial class ContainerManager
{
    private const int ExitCodeSigkill = 137;

    /// <summary>
    /// Applies an exit the monitor recorded in the exit dir (or, failing that, in the bundle's <c>exit</c>
    /// file): exit code, finish time (the file's mtime, so a restart reports the true time), and OOM (the
    /// monitor's <c>oom</c> file, or the cgroup's oom_kill counter for a SIGKILLed container). Idempotent.
    /// </summary>
    internal async Task OnExitFileAsync(string id)
    {
        if (!ContainerIds.IsValidName(id) || !_slots.TryGetValue(id, out var slot))
        {
            return;
        }
        try
        {
            using var _ = await slot.LockAsync(CancellationToken.None).ConfigureAwait(false);
            if (_store.Get(id) is not { } record || record.Phase == ContainerPhase.Exited)
            {
                slot.Exited.TrySetResult();
                return;
            }
            var exitFile = _layout.ExitFile(id);
            if (ReadExitCode(exitFile) is not { } code)
            {
                exitFile = Path.Combine(record.BundlePath, "exit");
                if (ReadExitCode(exitFile) is not { } persisted)
                {
                    return;
                }
                code = persisted;
            }
            ApplyExit(record, slot, code, new DateTimeOffset(File.GetLastWriteTimeUtc(exitFile)), "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.ExitHandlingFailed(_logger, id, e);
        }
    }

    /// <summary>Records the exit, publishes STOPPED and wakes waiters. Caller holds the slot's gate.</summary>
    private void ApplyExit(ContainerRecord record, Slot slot, int code, DateTimeOffset finished, string message)
    {
        var oom = File.Exists(Path.Combine(record.BundlePath, "oom"))
            || (code == ExitCodeSigkill && CgroupFiles.OomKillCount(record.ResolvedCgroup) > 0);
        var finishedNano = (finished - DateTimeOffset.UnixEpoch).Ticks * 100;
        record = record with
        {
            Phase = ContainerPhase.Exited,
            ExitCode = code,
            OomKilled = oom,
            FinishedUnixNano = Math.Max(finishedNano, record.StartedUnixNano),
            Message = message,
        };
        _store.Put(record);
        Log.Exited(_logger, record.Id, code, oom);
        Publish(ContainerEventType.ContainerEventStopped, record);
        slot.Exited.TrySetResult();
    }

    /// <summary>The integer in an exit file, or null when it is missing or not (yet) complete.</summary>
    private static int? ReadExitCode(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
                ? code
                : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
