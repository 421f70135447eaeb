using System.Globalization;
using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Input;
using CriMesh.Ctl.Output;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Commands;

/// <summary>The pod sandbox verbs: runp, stopp, rmp, pods, inspectp.</summary>
internal static class PodCommands
{
    public static IEnumerable<Verb> Verbs =>
    [
        new("runp", "POD-CONFIG-FILE", "run a pod sandbox from a JSON or YAML pod config (as crictl runp takes)",
            [FlagSpec.Value("runtime", 'r', "HANDLER", "runtime handler (RuntimeClass); default: the runtime's default")], 1, 1, RunAsync),
        new("stopp", "POD-ID...", "stop pod sandboxes (their containers, then the network)", [], 1, int.MaxValue, StopAsync),
        new("rmp", "POD-ID...", "remove pod sandboxes and everything of them", [], 1, int.MaxValue, RemoveAsync),
        new("pods", "", "list pod sandboxes",
        [
            FlagSpec.Switch("quiet", 'q', "print pod IDs only"),
            FlagSpec.Value("id", null, "ID", "only the pod with this ID or ID prefix"),
            FlagSpec.Value("state", 's', "STATE", "only pods in this state: ready or notready"),
            FlagSpec.Value("label", 'l', "K=V[,K=V...]", "only pods with all these labels"),
            FlagSpec.Value("name", null, "NAME", "only pods whose name contains NAME"),
            FlagSpec.Value("namespace", null, "NAMESPACE", "only pods in this namespace"),
        ], 0, 0, ListAsync),
        new("inspectp", "POD-ID...", "print the status of pod sandboxes (PodSandboxStatus, verbose)", [], 1, int.MaxValue, InspectAsync),
    ];

    private static async Task<int> RunAsync(CommandContext context)
    {
        var config = PodConfigFile.Read(context.Args.Positionals[0]);
        var response = await context.Runtime.RunPodSandboxAsync(
            new RunPodSandboxRequest { Config = config, RuntimeHandler = context.Args.Value("runtime") ?? "" }, context.Call());
        context.Out.WriteLine(response.PodSandboxId);
        return 0;
    }

    private static async Task<int> StopAsync(CommandContext context)
    {
        foreach (var id in context.Args.Positionals)
        {
            await context.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id }, context.Call());
            context.Out.WriteLine($"Stopped sandbox {id}");
        }
        return 0;
    }

    private static async Task<int> RemoveAsync(CommandContext context)
    {
        foreach (var id in context.Args.Positionals)
        {
            await context.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id }, context.Call());
            context.Out.WriteLine($"Removed sandbox {id}");
        }
        return 0;
    }

    private static async Task<int> ListAsync(CommandContext context)
    {
        var response = await context.Runtime.ListPodSandboxAsync(BuildListRequest(context.Args), context.Call());
        var name = context.Args.Value("name");
        var ns = context.Args.Value("namespace");
        var items = response.Items
            .Where(p => name is null || (p.Metadata?.Name ?? "").Contains(name, StringComparison.Ordinal))
            .Where(p => ns is null || p.Metadata?.Namespace == ns)
            .ToList();
        var shown = new ListPodSandboxResponse { Items = { items } };
        return context.WriteList(shown, items.Select(p => p.Id), output => WritePodTable(output, items, context.Time.GetUtcNow()));
    }

    /// <summary>The server-side filter from --id, --state and --label (name and namespace are matched here).</summary>
    internal static ListPodSandboxRequest BuildListRequest(ParsedArgs args)
    {
        var filter = new PodSandboxFilter { Id = args.Value("id") ?? "" };
        if (args.Value("state") is { } state)
        {
            filter.State = new PodSandboxStateValue
            {
                State = state.ToLowerInvariant() switch
                {
                    "ready" => PodSandboxState.SandboxReady,
                    "notready" => PodSandboxState.SandboxNotready,
                    _ => throw new UsageException($"--state must be ready or notready, got \"{state}\""),
                },
            };
        }
        foreach (var pair in (args.Value("label") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--label wants KEY=VALUE, got \"{pair}\"");
            }
            filter.LabelSelector[pair[..eq]] = pair[(eq + 1)..];
        }
        return new ListPodSandboxRequest { Filter = filter };
    }

    internal static void WritePodTable(TextWriter output, IEnumerable<PodSandbox> pods, DateTimeOffset now) =>
        Table.Write(output, ["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"],
            pods.Select(p => (IReadOnlyList<string>)
            [
                Humanize.ShortId(p.Id),
                Humanize.Ago(p.CreatedAt, now),
                StateName(p.State),
                p.Metadata?.Name ?? "",
                p.Metadata?.Namespace ?? "",
                (p.Metadata?.Attempt ?? 0).ToString(CultureInfo.InvariantCulture),
                p.RuntimeHandler.Length == 0 ? "(default)" : p.RuntimeHandler,
            ]));

    internal static string StateName(PodSandboxState state) => state switch
    {
        PodSandboxState.SandboxReady => "Ready",
        PodSandboxState.SandboxNotready => "NotReady",
        _ => state.ToString(),
    };

    private static async Task<int> InspectAsync(CommandContext context)
    {
        foreach (var id in context.Args.Positionals)
        {
            var response = await context.Runtime.PodSandboxStatusAsync(
                new PodSandboxStatusRequest { PodSandboxId = id, Verbose = true }, context.Call());
            if (context.Json)
            {
                Json.Write(context.Out, response);
                continue;
            }

            var s = response.Status ?? new PodSandboxStatus();
            Table.WritePairs(context.Out,
            [
                ("ID", s.Id),
                ("Name", s.Metadata?.Name ?? ""),
                ("Namespace", s.Metadata?.Namespace ?? ""),
                ("UID", s.Metadata?.Uid ?? ""),
                ("Attempt", (s.Metadata?.Attempt ?? 0).ToString(CultureInfo.InvariantCulture)),
                ("State", StateName(s.State)),
                ("Created", Humanize.Ago(s.CreatedAt, context.Time.GetUtcNow())),
                ("IP", string.Join(", ", new[] { s.Network?.Ip ?? "" }.Concat(s.Network?.AdditionalIps.Select(a => a.Ip) ?? []).Where(a => a.Length > 0))),
                ("Runtime", s.RuntimeHandler.Length == 0 ? "(default)" : s.RuntimeHandler),
                .. s.Labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ("label." + p.Key, p.Value)),
                .. response.Info.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ("info." + p.Key, p.Value)),
            ]);
        }

        return 0;
    }
}
