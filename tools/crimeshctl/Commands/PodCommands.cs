using System.Globalization;
using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Output;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Commands;

/// <summary>The pod sandbox verbs: pods, inspectp.</summary>
internal static class PodCommands
{
    public static IEnumerable<Verb> Verbs =>
    [
        new("pods", "", "list pod sandboxes", [FlagSpec.Switch("quiet", 'q', "print pod IDs only")], 0, 0, ListAsync),
        new("inspectp", "POD-ID...", "print the status of pod sandboxes (PodSandboxStatus, verbose)", [], 1, int.MaxValue, InspectAsync),
    ];

    private static async Task<int> ListAsync(CommandContext context)
    {
        var response = await context.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), context.Call());
        return context.WriteList(response, response.Items.Select(p => p.Id), output => WritePodTable(output, response.Items, context.Time.GetUtcNow()));
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
