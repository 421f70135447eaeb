using System.Globalization;
using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Output;
using CriMesh.Protos.Storaged.V1;

namespace CriMesh.Ctl.Commands;

/// <summary>Verbs that talk to storaged directly over &lt;run-dir&gt;/storaged.sock: storage layers, fs, gc, info.</summary>
internal static class StorageCommands
{
    public const string Group = "storage";

    public static IEnumerable<Verb> Verbs =>
    [
        Verb.NoArgs("storage layers", "list unpacked layers (storaged ListLayers)", LayersAsync),
        Verb.NoArgs("storage fs", "list container root filesystems (storaged ListRootfs)", RootfsAsync),
        Verb.NoArgs("storage gc", "remove layers no image or container holds (storaged GarbageCollect)", GcAsync,
            FlagSpec.Switch("dry-run", null, "only report what would be removed")),
        Verb.NoArgs("storage info", "print usage of the layer store's filesystem (storaged ImageFsInfo)", InfoAsync),
    ];

    private static async Task<int> LayersAsync(CommandContext context)
    {
        var response = await context.Storaged.ListLayersAsync(new ListLayersRequest(), context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        WriteLayerTable(context.Out, response.Layers, context.Time.GetUtcNow());
        return 0;
    }

    internal static void WriteLayerTable(TextWriter output, IEnumerable<Layer> layers, DateTimeOffset now) =>
        Table.Write(output, ["CHAIN ID", "DIFF ID", "PARENT", "SIZE", "REFS", "CREATED"],
            layers.Select(l => (IReadOnlyList<string>)
            [
                Humanize.ShortId(l.ChainId),
                Humanize.ShortId(l.DiffId),
                l.ParentChainId.Length == 0 ? "-" : Humanize.ShortId(l.ParentChainId),
                Humanize.Size(l.Size),
                l.References.ToString(CultureInfo.InvariantCulture),
                Humanize.Ago(l.CreatedUnixNano, now),
            ]));

    private static async Task<int> RootfsAsync(CommandContext context)
    {
        var response = await context.Storaged.ListRootfsAsync(new ListRootfsRequest(), context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        var now = context.Time.GetUtcNow();
        Table.Write(context.Out, ["CONTAINER", "IMAGE ID", "MOUNTED", "MOUNT POINT", "CREATED"],
            response.Filesystems.Select(f => (IReadOnlyList<string>)
            [
                Humanize.ShortId(f.ContainerId),
                Humanize.ShortId(f.ImageId),
                f.Mounted ? "yes" : "no",
                f.MountPoint,
                Humanize.Ago(f.CreatedUnixNano, now),
            ]));
        return 0;
    }

    private static async Task<int> GcAsync(CommandContext context)
    {
        var dryRun = context.Args.Has("dry-run");
        var response = await context.Storaged.GarbageCollectAsync(new GarbageCollectRequest { DryRun = dryRun }, context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        foreach (var chainId in response.RemovedChainIds)
        {
            context.Out.WriteLine($"{(dryRun ? "would remove" : "removed")} {chainId}");
        }

        context.Out.WriteLine(dryRun
            ? $"{response.RemovedChainIds.Count} layers would be removed, freeing {Humanize.Size(response.FreedBytes)}"
            : $"{response.RemovedChainIds.Count} layers removed, {Humanize.Size(response.FreedBytes)} freed");
        return 0;
    }

    private static async Task<int> InfoAsync(CommandContext context)
    {
        var response = await context.Storaged.ImageFsInfoAsync(new ImageFsInfoRequest(), context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        Table.WritePairs(context.Out,
        [
            ("Mountpoint", response.Mountpoint),
            ("Used", Humanize.Size(response.Usage?.UsedBytes ?? 0)),
            ("InodesUsed", (response.Usage?.InodesUsed ?? 0).ToString(CultureInfo.InvariantCulture)),
            ("Capacity", Humanize.Size(response.CapacityBytes)),
            ("Available", Humanize.Size(response.AvailableBytes)),
        ]);
        return 0;
    }
}
