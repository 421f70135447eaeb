using CriMesh.Ctl.Output;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Commands;

/// <summary><c>version</c> and <c>info</c>: who the runtime is and whether it is ready.</summary>
internal static class VersionCommand
{
    /// <summary>The CRI version this tool speaks.</summary>
    public const string CriVersion = "v1";

    public static IEnumerable<Verb> Verbs =>
    [
        Verb.NoArgs("version", "print the runtime's name and version", VersionAsync),
        Verb.NoArgs("info", "print the runtime's status, conditions and details (Status, verbose)", InfoAsync),
    ];

    private static async Task<int> VersionAsync(CommandContext context)
    {
        var response = await context.Runtime.VersionAsync(new VersionRequest { Version = CriVersion }, context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        Table.WritePairs(context.Out,
        [
            ("Version", response.Version),
            ("RuntimeName", response.RuntimeName),
            ("RuntimeVersion", response.RuntimeVersion),
            ("RuntimeApiVersion", response.RuntimeApiVersion),
        ]);
        return 0;
    }

    private static async Task<int> InfoAsync(CommandContext context)
    {
        var response = await context.Runtime.StatusAsync(new StatusRequest { Verbose = true }, context.Call());
        if (context.Json)
        {
            Json.Write(context.Out, response);
            return 0;
        }

        WriteInfoTable(context.Out, response);
        return 0;
    }

    internal static void WriteInfoTable(TextWriter output, StatusResponse response)
    {
        Table.Write(output, ["CONDITION", "STATUS", "REASON", "MESSAGE"],
            (response.Status?.Conditions ?? []).Select(c => (IReadOnlyList<string>)[c.Type, c.Status ? "true" : "false", c.Reason, c.Message]));
        if (response.RuntimeHandlers.Count > 0)
        {
            output.WriteLine();
            Table.Write(output, ["HANDLER", "RECURSIVE READ-ONLY", "USER NAMESPACES"],
                response.RuntimeHandlers.Select(h => (IReadOnlyList<string>)
                [
                    h.Name.Length == 0 ? "(default)" : h.Name,
                    (h.Features?.RecursiveReadOnlyMounts ?? false) ? "yes" : "no",
                    (h.Features?.UserNamespaces ?? false) ? "yes" : "no",
                ]));
        }

        if (response.Info.Count > 0)
        {
            output.WriteLine();
            Table.WritePairs(output, response.Info.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => (i.Key, i.Value)));
        }
    }
}
