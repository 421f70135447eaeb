using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Output;
using CriMesh.Protos.Runtime.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CriMesh.Ctl.Commands;

/// <summary>The image verbs, all over the CRI ImageService: images, pull, inspecti, rmi, imagefsinfo.</summary>
internal static class ImageCommands
{
    private static readonly FlagSpec Quiet = FlagSpec.Switch("quiet", 'q', "print image IDs only");

    public static IEnumerable<Verb> Verbs =>
    [
        new("images", "[REFERENCE]", "list images, optionally only those matching REFERENCE", [Quiet], 0, 1, ListAsync),
        new("pull", "IMAGE", "pull an image",
        [
            FlagSpec.Value("creds", null, "USER[:PASS]", "registry credentials (a missing password is sent empty)"),
            FlagSpec.Value("auth", null, "BASE64", "registry credentials as base64 of USER:PASS"),
            FlagSpec.Value("pod-config", null, "FILE", "PodSandboxConfig (JSON) of the pod the image is for"),
        ], 1, 1, PullAsync),
        new("inspecti", "IMAGE...", "print the status of images (ImageStatus, verbose)", [], 1, int.MaxValue, InspectAsync),
        new("rmi", "IMAGE...", "remove images", [], 1, int.MaxValue, RemoveAsync),
        Verb.NoArgs("imagefsinfo", "print usage of the image filesystem(s)", FsInfoAsync),
    ];

    private static async Task<int> ListAsync(CommandContext context)
    {
        var request = new ListImagesRequest();
        if (context.Args.Positionals.Count == 1)
        {
            request.Filter = new ImageFilter { Image = new ImageSpec { Image = context.Args.Positionals[0] } };
        }

        var response = await context.Images.ListImagesAsync(request, context.Call());
        return context.WriteList(response, response.Images.Select(i => i.Id).Distinct(StringComparer.Ordinal), output => WriteImageTable(output, response.Images));
    }

    /// <summary>One row per tag (or per digest for untagged images): IMAGE, TAG, IMAGE ID, SIZE.</summary>
    internal static void WriteImageTable(TextWriter output, IEnumerable<Image> images)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var image in images)
        {
            var size = Humanize.Size(image.Size);
            var id = Humanize.ShortId(image.Id);
            if (image.RepoTags.Count == 0)
            {
                var repo = image.RepoDigests.Count > 0 ? SplitDigest(image.RepoDigests[0]) : "<none>";
                rows.Add([repo, "<none>", id, size]);
                continue;
            }

            foreach (var tag in image.RepoTags)
            {
                var (name, version) = SplitTag(tag);
                rows.Add([name, version, id, size]);
            }
        }

        Table.Write(output, ["IMAGE", "TAG", "IMAGE ID", "SIZE"], rows);
    }

    /// <summary>"host:5000/repo:tag" → ("host:5000/repo", "tag"); a colon before the last slash is a port.</summary>
    internal static (string Repository, string Tag) SplitTag(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, "<none>");
    }

    private static string SplitDigest(string reference)
    {
        var at = reference.IndexOf('@');
        return at < 0 ? reference : reference[..at];
    }

    private static async Task<int> PullAsync(CommandContext context)
    {
        var image = context.Args.Positionals[0];
        var request = new PullImageRequest
        {
            Image = new ImageSpec { Image = image },
            Auth = RegistryCredentials.FromFlags(context.Args.Value("creds"), context.Args.Value("auth")),
        };
        if (context.Args.Value("pod-config") is { } file)
        {
            request.SandboxConfig = await ReadPodConfigAsync(file, context.CancellationToken);
        }

        var response = await context.Images.PullImageAsync(request, context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
        }
        else
        {
            context.Out.WriteLine($"Image is up to date for {response.ImageRef}");
        }

        return 0;
    }

    /// <summary>Reads a PodSandboxConfig from proto3 JSON (either lowerCamelCase or proto field names).</summary>
    internal static async Task<PodSandboxConfig> ReadPodConfigAsync(string file, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(StatusCode.InvalidArgument, $"cannot read pod config {file}: {e.Message}");
        }

        try
        {
            return JsonParser.Default.Parse<PodSandboxConfig>(text);
        }
        catch (Exception e) when (e is InvalidJsonException or InvalidProtocolBufferException or FormatException)
        {
            throw new CommandException(StatusCode.InvalidArgument, $"cannot parse pod config {file} as PodSandboxConfig JSON: {e.Message}");
        }
    }

    private static async Task<int> InspectAsync(CommandContext context)
    {
        var failed = false;
        foreach (var image in context.Args.Positionals)
        {
            var response = await context.Images.ImageStatusAsync(
                new ImageStatusRequest { Image = new ImageSpec { Image = image }, Verbose = true }, context.Call());
            if (response.Image is null)
            {
                context.ReportError(StatusCode.NotFound, $"no such image \"{image}\"");
                failed = true;
                continue;
            }

            if (context.Json)
            {
                Json.Write(context.Out, response);
                continue;
            }

            var i = response.Image;
            Table.WritePairs(context.Out,
            [
                ("ID", i.Id),
                ("RepoTags", string.Join(", ", i.RepoTags)),
                ("RepoDigests", string.Join(", ", i.RepoDigests)),
                ("Size", $"{Humanize.Size(i.Size)} ({i.Size} bytes)"),
                ("User", i.Uid is { } uid ? uid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : i.Username),
                ("Pinned", i.Pinned ? "true" : "false"),
                .. response.Info.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ("info." + p.Key, p.Value)),
            ]);
        }

        return failed ? 1 : 0;
    }

    private static async Task<int> RemoveAsync(CommandContext context)
    {
        var failed = false;
        foreach (var image in context.Args.Positionals)
        {
            try
            {
                await context.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = image } }, context.Call());
                context.Out.WriteLine($"Deleted: {image}");
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                context.ReportError(e.StatusCode, $"{image}: {e.Status.Detail}");
                failed = true;
            }
        }

        return failed ? 1 : 0;
    }

    private static async Task<int> FsInfoAsync(CommandContext context)
    {
        var response = await context.Images.ImageFsInfoAsync(new ImageFsInfoRequest(), context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        Table.Write(context.Out, ["KIND", "MOUNTPOINT", "USED", "INODES"],
            response.ImageFilesystems.Select(f => Row("image", f))
                .Concat(response.ContainerFilesystems.Select(f => Row("container", f))));
        return 0;

        static IReadOnlyList<string> Row(string kind, FilesystemUsage f) =>
        [
            kind,
            f.FsId?.Mountpoint ?? "",
            f.UsedBytes is { } used ? Humanize.Size(used.Value) : "",
            f.InodesUsed is { } inodes ? inodes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
        ];
    }
}
