using System.Text.Json.Nodes;
using CriMesh.Common.Errors;
using CriMesh.Common.Processes;
using CriMesh.Protos.Conmon.V1;

namespace CriMesh.Conmon.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Runs <paramref name="request"/>'s command in the running container with the container's process
    /// settings (user, env, cwd, capabilities), no terminal. Each output stream is capped; on timeout the
    /// runtime and the exec'd process (one process group) are SIGKILLed and reaped, and the call fails
    /// with DeadlineExceeded.
    /// </summary>
    public async Task<ExecSyncResponse> ExecSyncAsync(ExecSyncRequest request, CancellationToken ct)
    {
        var (record, _) = Require(request.ContainerId);
        if (request.Cmd.Count == 0 || request.Cmd[0].Length == 0)
        {
            throw CriMeshException.Invalid("cmd must name a command");
        }
        if (request.TimeoutSeconds < 0 || request.MaxOutputBytes < 0)
        {
            throw CriMeshException.Invalid("timeout_seconds and max_output_bytes must not be negative");
        }
        if (record.Phase != ContainerPhase.Running)
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition,
                $"container {record.Id} is {record.Phase.ToString().ToLowerInvariant()}, exec needs a running container");
        }
        var cap = (int)Math.Min(request.MaxOutputBytes == 0 ? _options.ExecMaxOutputBytes : request.MaxOutputBytes, int.MaxValue);
        var timeout = request.TimeoutSeconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Min(request.TimeoutSeconds, 365L * 24 * 3600));
        var name = $"exec-{Guid.NewGuid():N}";
        var processFile = Path.Combine(record.BundlePath, name + ".json");
        var pidFile = Path.Combine(record.BundlePath, name + ".pid");
        File.WriteAllText(processFile, ExecProcess(record, request.Cmd).ToJsonString());
        try
        {
            ProcessOutcome outcome;
            try
            {
                outcome = await _runtime.ExecAsync(_handlers.Resolve(record.Handler), record.Id, processFile, pidFile, timeout, cap, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                KillExecProcess(pidFile, record);
                throw;
            }
            if (outcome.TimedOut)
            {
                KillExecProcess(pidFile, record);
                Log.ExecTimedOut(_logger, record.Id, timeout);
                throw new CriMeshException(ErrorKind.DeadlineExceeded,
                    $"exec in container {record.Id} timed out after {request.TimeoutSeconds}s; the process was killed");
            }
            return new ExecSyncResponse
            {
                Stdout = Google.Protobuf.ByteString.CopyFrom(outcome.Stdout),
                Stderr = Google.Protobuf.ByteString.CopyFrom(outcome.Stderr),
                ExitCode = outcome.Signal != 0 ? 128 + outcome.Signal : outcome.ExitCode,
                StdoutTruncated = outcome.StdoutTruncated,
                StderrTruncated = outcome.StderrTruncated,
            };
        }
        finally
        {
            File.Delete(processFile);
            File.Delete(pidFile);
        }
    }

    /// <summary>
    /// SIGKILLs the exec'd process (the runtime put it in a process group of its own) when it is still in the
    /// container's cgroup; it is then an orphan of this child subreaper and reaped at once.
    /// </summary>
    private static void KillExecProcess(string pidFile, ContainerRecord record)
    {
        var pid = Monitor.MonitorLauncher.ReadPidFile(pidFile);
        if (pid > 0 && record.ResolvedCgroup.Length > 0 && Stats.CgroupFiles.ResolveFromProc(pid) == record.ResolvedCgroup)
        {
            CriMesh.Linux.Interop.Libc.Kill(pid, 9);
        }
    }

    /// <summary>The container's own process object with the exec's arguments and no terminal.</summary>
    private static JsonObject ExecProcess(ContainerRecord record, IEnumerable<string> cmd)
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(record.BundlePath, "config.json"))) as JsonObject;
        var process = spec?["process"]?.DeepClone() as JsonObject
            ?? throw new CriMeshException(ErrorKind.Internal, $"bundle of {record.Id} has no process object");
        var args = new JsonArray();
        foreach (var arg in cmd)
        {
            args.Add((JsonNode?)JsonValue.Create(arg));
        }
        process["args"] = args;
        process["terminal"] = false;
        process.Remove("consoleSize");
        return process;
    }
}
