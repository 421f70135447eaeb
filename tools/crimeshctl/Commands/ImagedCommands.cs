using CriMesh.Ctl.Output;
using CriMesh.Protos.Imaged.V1;
using Grpc.Core;

namespace CriMesh.Ctl.Commands;

/// <summary>
/// Verbs that talk to imaged directly over &lt;run-dir&gt;/imaged.sock, without the gateway: what another
/// tool on the node would use to reuse imaged's store.
/// </summary>
internal static class ImagedCommands
{
    public const string Group = "imaged";

    public static IEnumerable<Verb> Verbs =>
    [
        new("imaged images", "[FILTER]", "list images in imaged's store (imaged ListImages)", [], 0, 1, ListAsync),
        new("imaged inspect", "IMAGE", "print imaged's record of one image: layers, chain IDs, platform (imaged ImageStatus)", [], 1, 1, InspectAsync),
        new("imaged resolve", "IMAGE", "print the references a pull of IMAGE would try and the image it names (imaged ResolveReference)", [], 1, 1, ResolveAsync),
        Verb.NoArgs("imaged usage", "print bytes and inodes of imaged's blob store (imaged StoreUsage)", UsageAsync),
    ];

    private static async Task<int> ListAsync(CommandContext context)
    {
        var filter = context.Args.Positionals.Count > 0 ? context.Args.Positionals[0] : "";
        var response = await context.Imaged.ListImagesAsync(new ListImagesRequest { FilterImage = filter }, context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        Table.Write(context.Out, ["IMAGE ID", "TAGS", "PLATFORM", "SIZE", "UNPACKED"],
            response.Images.Select(i => (IReadOnlyList<string>)
            [
                Humanize.ShortId(i.Id),
                i.RepoTags.Count == 0 ? "<none>" : string.Join(",", i.RepoTags),
                string.Join("/", new[] { i.Os, i.Architecture, i.Variant }.Where(p => p.Length > 0)),
                Humanize.Size(i.Size),
                i.Unpacked ? "yes" : "no",
            ]));
        return 0;
    }

    private static async Task<int> InspectAsync(CommandContext context)
    {
        var image = context.Args.Positionals[0];
        var response = await context.Imaged.ImageStatusAsync(new ImageStatusRequest { Image = image }, context.Call());
        if (response.Image is null)
        {
            context.ReportError(StatusCode.NotFound, $"no image {image} in imaged's store");
            return 1;
        }

        // Its layers and chain IDs are what matters here; JSON shows them whatever -o says.
        Json.Write(context.Out, response.Image);
        return 0;
    }

    private static async Task<int> ResolveAsync(CommandContext context)
    {
        var response = await context.Imaged.ResolveReferenceAsync(new ResolveReferenceRequest { Image = context.Args.Positionals[0] }, context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        Table.WritePairs(context.Out,
            [("Candidates", string.Join(", ", response.Candidates)), ("ImageId", response.ImageId.Length == 0 ? "<none>" : response.ImageId)]);
        return 0;
    }

    private static async Task<int> UsageAsync(CommandContext context)
    {
        var response = await context.Imaged.StoreUsageAsync(new StoreUsageRequest(), context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        Table.WritePairs(context.Out,
            [("Path", response.Path), ("UsedBytes", Humanize.Size(response.UsedBytes)), ("InodesUsed", response.InodesUsed.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return 0;
    }
}
