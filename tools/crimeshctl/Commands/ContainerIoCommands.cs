using System.Globalization;
using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Output;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Commands;

/// <summary>The verbs that look into containers: logs, exec (sync), stats, update.</summary>
internal static class ContainerIoCommands
{
    public static IEnumerable<Verb> Verbs =>
    [
        new("logs", "CONTAINER-ID", "print a container's log (read from the CRI log file on this node)",
        [
            FlagSpec.Switch("follow", 'f', "keep printing new lines until the container exits"),
            FlagSpec.Value("tail", null, "N", "print only the last N lines"),
        ], 1, 1, LogsAsync),
        new("exec", "CONTAINER-ID -- COMMAND [ARG...]", "run a command in a running container and print its output (ExecSync); exits with its code",
            [FlagSpec.Value("timeout-seconds", 't', "SECONDS", "kill the command after this long (default: none)")], 2, int.MaxValue, ExecAsync),
        new("stats", "[CONTAINER-ID...]", "print CPU, memory and writable layer usage of containers", [], 0, int.MaxValue, StatsAsync),
        new("update", "CONTAINER-ID...", "change the cgroup limits of containers (UpdateContainerResources)",
        [
            FlagSpec.Value("cpu-shares", null, "N", "CPU shares"),
            FlagSpec.Value("cpu-quota", null, "US", "CFS quota in microseconds per period"),
            FlagSpec.Value("cpu-period", null, "US", "CFS period in microseconds"),
            FlagSpec.Value("memory", null, "BYTES", "memory limit in bytes"),
            FlagSpec.Value("cpuset-cpus", null, "LIST", "CPUs the container may use, e.g. 0-1"),
            FlagSpec.Value("cpuset-mems", null, "LIST", "memory nodes the container may use"),
        ], 1, int.MaxValue, UpdateAsync),
    ];

    private static async Task<int> LogsAsync(CommandContext context)
    {
        var id = context.Args.Positionals[0];
        var status = (await context.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, context.Call())).Status;
        if (status.LogPath.Length == 0) throw new UsageException($"container {id} has no log file");
        var tail = context.Args.Value("tail") is { } t
            ? int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"--tail must be a number, got \"{t}\"")
            : -1;
        var reader = new CriLogReader(status.LogPath, context.Out, context.Err);
        reader.PrintExisting(tail);
        if (!context.Args.Has("follow")) return 0;
        // Follow: poll the file every 200 ms while the container runs, once more after it stopped.
        while (!context.CancellationToken.IsCancellationRequested)
        {
            await Task.Delay(200, context.CancellationToken);
            reader.PrintNew();
            var state = (await context.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, context.Call())).Status.State;
            if (state != ContainerState.ContainerRunning && state != ContainerState.ContainerCreated)
            {
                reader.PrintNew();
                return 0;
            }
        }
        return 0;
    }

    private static async Task<int> ExecAsync(CommandContext context)
    {
        var args = context.Args.Positionals;
        var request = new ExecSyncRequest { ContainerId = args[0], Cmd = { args.Skip(1) } };
        if (context.Args.Value("timeout-seconds") is not null) request.Timeout = ContainerLifecycleCommands.TimeoutSeconds(context.Args);
        var response = await context.Runtime.ExecSyncAsync(request, context.Call());
        context.Out.Write(response.Stdout.ToStringUtf8());
        context.Err.Write(response.Stderr.ToStringUtf8());
        return response.ExitCode;
    }

    private static async Task<int> StatsAsync(CommandContext context)
    {
        var response = await context.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest(), context.Call());
        var wanted = context.Args.Positionals;
        var stats = response.Stats.Where(s => wanted.Count == 0 || wanted.Any(w => s.Attributes.Id.StartsWith(w, StringComparison.Ordinal))).ToList();
        if (context.Json)
        {
            var filtered = new ListContainerStatsResponse { Stats = { stats } };
            Json.Write(context.Out, filtered);
            return 0;
        }
        WriteStatsTable(context.Out, stats);
        return 0;
    }

    internal static void WriteStatsTable(TextWriter output, IEnumerable<ContainerStats> stats) =>
        Table.Write(output, ["CONTAINER", "NAME", "CPU %", "MEM", "DISK", "INODES"],
            stats.Select(s => (IReadOnlyList<string>)
            [
                Humanize.ShortId(s.Attributes.Id),
                s.Attributes.Metadata?.Name ?? "",
                ((s.Cpu?.UsageNanoCores?.Value ?? 0) / 1e7).ToString("0.00", CultureInfo.InvariantCulture),
                Humanize.Size((long)(s.Memory?.WorkingSetBytes?.Value ?? 0)),
                Humanize.Size((long)(s.WritableLayer?.UsedBytes?.Value ?? 0)),
                (s.WritableLayer?.InodesUsed?.Value ?? 0).ToString(CultureInfo.InvariantCulture),
            ]));

    internal static LinuxContainerResources BuildResources(ParsedArgs args)
    {
        long Num(string flag) => args.Value(flag) is { } v
            ? long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"--{flag} must be a number, got \"{v}\"")
            : 0;
        return new LinuxContainerResources
        {
            CpuShares = Num("cpu-shares"), CpuQuota = Num("cpu-quota"), CpuPeriod = Num("cpu-period"),
            MemoryLimitInBytes = Num("memory"),
            CpusetCpus = args.Value("cpuset-cpus") ?? "", CpusetMems = args.Value("cpuset-mems") ?? "",
        };
    }

    private static async Task<int> UpdateAsync(CommandContext context)
    {
        var resources = BuildResources(context.Args);
        foreach (var id in context.Args.Positionals)
        {
            await context.Runtime.UpdateContainerResourcesAsync(new UpdateContainerResourcesRequest { ContainerId = id, Linux = resources }, context.Call());
            context.Out.WriteLine(id);
        }
        return 0;
    }
}
