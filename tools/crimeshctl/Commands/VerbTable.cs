using System.Text;
using CriMesh.Ctl.Arguments;

namespace CriMesh.Ctl.Commands;

/// <summary>Every verb of the tool, looked up by name, and the usage text built from them.</summary>
internal static class VerbTable
{
    public const string Tool = "crimeshctl";

    public static IReadOnlyList<Verb> All { get; } =
    [
        .. VersionCommand.Verbs,
        .. HealthCommand.Verbs,
        .. ImageCommands.Verbs,
        .. PodCommands.Verbs,
        .. ContainerCommands.Verbs,
        .. ContainerLifecycleCommands.Verbs,
        .. ContainerIoCommands.Verbs,
        .. StorageCommands.Verbs,
        .. ImagedCommands.Verbs,
    ];

    /// <summary>Verb groups that talk to a peer daemon directly: group word → daemon whose socket they use.</summary>
    public static IReadOnlyDictionary<string, string> Groups { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [StorageCommands.Group] = "storaged",
        [ImagedCommands.Group] = "imaged",
    };

    public static Verb? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    public static IEnumerable<Verb> InGroup(string group) => All.Where(v => v.Name.StartsWith(group + " ", StringComparison.Ordinal));

    public static string Usage()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Tool}: talk to a CriMesh node as crictl does (CRI on the runtime endpoint, storaged on its own socket)");
        text.AppendLine();
        text.AppendLine($"Usage: {Tool} [GLOBAL FLAGS] VERB [ARGUMENTS] [FLAGS]");
        text.AppendLine();
        text.AppendLine("Verbs:");
        var width = All.Max(v => Synopsis(v).Length) + 3;
        foreach (var verb in All)
        {
            text.AppendLine($"  {Synopsis(verb).PadRight(width)}{verb.Summary}");
        }

        text.AppendLine($"  {"help [VERB]".PadRight(width)}print this text, or the usage of one verb");
        AppendFlags(text, "Global flags:", GlobalOptions.Flags);
        text.AppendLine();
        text.AppendLine("Exit status: 0 on success, 1 when a call fails (crimeshctl: VERB: CODE: DETAIL on stderr), 2 on a usage error.");
        return text.ToString();
    }

    public static string Usage(Verb verb)
    {
        var text = new StringBuilder();
        text.AppendLine($"Usage: {Tool} [GLOBAL FLAGS] {Synopsis(verb)}{(verb.Flags.Count > 0 ? " [FLAGS]" : "")}");
        text.AppendLine();
        text.AppendLine(verb.Summary);
        if (verb.Flags.Count > 0)
        {
            AppendFlags(text, "Flags:", verb.Flags);
        }

        AppendFlags(text, "Global flags:", GlobalOptions.Flags);
        return text.ToString();
    }

    public static string GroupUsage(string group)
    {
        var verbs = InGroup(group).ToList();
        var text = new StringBuilder();
        text.AppendLine($"Usage: {Tool} [GLOBAL FLAGS] {group} SUBVERB [FLAGS]");
        text.AppendLine();
        var width = verbs.Max(v => Synopsis(v).Length) + 3;
        foreach (var verb in verbs)
        {
            text.AppendLine($"  {Synopsis(verb).PadRight(width)}{verb.Summary}");
        }

        return text.ToString();
    }

    private static string Synopsis(Verb verb) => verb.Arguments.Length == 0 ? verb.Name : $"{verb.Name} {verb.Arguments}";

    private static void AppendFlags(StringBuilder text, string title, IReadOnlyList<FlagSpec> flags)
    {
        text.AppendLine();
        text.AppendLine(title);
        var width = flags.Max(f => f.Synopsis.Length) + 3;
        foreach (var flag in flags)
        {
            text.AppendLine($"  {flag.Synopsis.PadRight(width)}{flag.Help}");
        }
    }
}
