using System.Globalization;
using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Output;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Commands;

/// <summary>The container verbs: ps, inspect.</summary>
internal static class ContainerCommands
{
    public static IEnumerable<Verb> Verbs =>
    [
        new("ps", "", "list running containers (all with -a)",
        [
            FlagSpec.Switch("all", 'a', "include created and exited containers"),
            FlagSpec.Switch("quiet", 'q', "print container IDs only"),
        ], 0, 0, ListAsync),
        new("inspect", "CONTAINER-ID...", "print the status of containers (ContainerStatus, verbose)", [], 1, int.MaxValue, InspectAsync),
    ];

    /// <summary>Without -a only running containers are asked for, as crictl does.</summary>
    internal static ListContainersRequest BuildListRequest(bool all) => all
        ? new ListContainersRequest()
        : new ListContainersRequest
        {
            Filter = new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerRunning } },
        };

    private static async Task<int> ListAsync(CommandContext context)
    {
        var response = await context.Runtime.ListContainersAsync(BuildListRequest(context.Args.Has("all")), context.Call());
        return context.WriteList(response, response.Containers.Select(c => c.Id), output => WriteContainerTable(output, response.Containers, context.Time.GetUtcNow()));
    }

    internal static void WriteContainerTable(TextWriter output, IEnumerable<Container> containers, DateTimeOffset now) =>
        Table.Write(output, ["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID"],
            containers.Select(c => (IReadOnlyList<string>)
            [
                Humanize.ShortId(c.Id),
                ImageName(c.Image, c.ImageRef),
                Humanize.Ago(c.CreatedAt, now),
                StateName(c.State),
                c.Metadata?.Name ?? "",
                (c.Metadata?.Attempt ?? 0).ToString(CultureInfo.InvariantCulture),
                Humanize.ShortId(c.PodSandboxId),
            ]));

    internal static string StateName(ContainerState state) => state switch
    {
        ContainerState.ContainerCreated => "Created",
        ContainerState.ContainerRunning => "Running",
        ContainerState.ContainerExited => "Exited",
        ContainerState.ContainerUnknown => "Unknown",
        _ => state.ToString(),
    };

    // What the user asked for reads best; a bare image ID is shortened.
    private static string ImageName(ImageSpec? spec, string imageRef)
    {
        var name = spec?.UserSpecifiedImage is { Length: > 0 } user ? user : spec?.Image ?? imageRef;
        return name.StartsWith("sha256:", StringComparison.Ordinal) ? Humanize.ShortId(name) : name;
    }

    private static async Task<int> InspectAsync(CommandContext context)
    {
        foreach (var id in context.Args.Positionals)
        {
            var response = await context.Runtime.ContainerStatusAsync(
                new ContainerStatusRequest { ContainerId = id, Verbose = true }, context.Call());
            if (context.Json)
            {
                Json.Write(context.Out, response);
                continue;
            }

            var s = response.Status ?? new ContainerStatus();
            var now = context.Time.GetUtcNow();
            Table.WritePairs(context.Out,
            [
                ("ID", s.Id),
                ("Name", s.Metadata?.Name ?? ""),
                ("Attempt", (s.Metadata?.Attempt ?? 0).ToString(CultureInfo.InvariantCulture)),
                ("State", StateName(s.State)),
                ("Image", ImageName(s.Image, s.ImageRef)),
                ("ImageRef", s.ImageRef),
                ("Created", Humanize.Ago(s.CreatedAt, now)),
                ("Started", Humanize.Ago(s.StartedAt, now)),
                ("Finished", Humanize.Ago(s.FinishedAt, now)),
                ("ExitCode", s.ExitCode.ToString(CultureInfo.InvariantCulture)),
                ("Reason", s.Reason),
                ("Message", s.Message),
                ("LogPath", s.LogPath),
                .. s.Mounts.Select(m => ("mount", $"{m.HostPath} -> {m.ContainerPath}{(m.Readonly ? " (ro)" : "")}")),
                .. response.Info.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ("info." + p.Key, p.Value)),
            ]);
        }

        return 0;
    }
}
