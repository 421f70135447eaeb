using CriMesh.Ctl.Arguments;

namespace CriMesh.Ctl.Commands;

/// <summary>
/// A parsed command line: the verb with its flags and arguments, or a request for help (with the text
/// to print). Global flags may stand before or after the verb.
/// </summary>
internal sealed record Invocation(Verb? Verb, ParsedArgs Args, string? HelpText)
{
    /// <summary>Parses <paramref name="args"/>; throws <see cref="InvocationException"/> (a usage error) when they make no sense.</summary>
    public static Invocation Parse(IReadOnlyList<string> args)
    {
        var parsed = new ParsedArgs();
        var at = Guard(null, () => ArgumentParser.Parse(args, 0, GlobalOptions.Flags, parsed, stopAtPositional: true));
        if (at >= args.Count)
        {
            return parsed.Has("help")
                ? new Invocation(null, parsed, VerbTable.Usage())
                : throw new InvocationException(null, "no verb given");
        }

        var word = args[at];
        if (word == "help")
        {
            return Help(args, at + 1);
        }

        if (VerbTable.Groups.ContainsKey(word))
        {
            var group = word;
            at = Guard(null, () => ArgumentParser.Parse(args, at + 1, GlobalOptions.Flags, parsed, stopAtPositional: true));
            if (at >= args.Count)
            {
                return parsed.Has("help")
                    ? new Invocation(null, parsed, VerbTable.GroupUsage(group))
                    : throw new InvocationException(null, $"{group} needs a sub-verb: {SubVerbs(group)}");
            }

            word = $"{group} {args[at]}";
        }

        var verb = VerbTable.Find(word) ?? throw new InvocationException(null, $"unknown verb \"{word}\"");
        Guard(verb, () => ArgumentParser.Parse(args, at + 1, [.. GlobalOptions.Flags, .. verb.Flags], parsed, stopAtPositional: false));
        if (parsed.Has("help"))
        {
            return new Invocation(verb, parsed, VerbTable.Usage(verb));
        }

        var count = parsed.Positionals.Count;
        if (count < verb.MinArgs)
        {
            throw new InvocationException(verb, $"{verb.Name} needs {verb.Arguments}");
        }

        if (count > verb.MaxArgs)
        {
            throw new InvocationException(verb, $"{verb.Name} takes {(verb.MaxArgs == 0 ? "no arguments" : $"at most {verb.MaxArgs}")} (got {string.Join(' ', parsed.Positionals)})");
        }

        return new Invocation(verb, parsed, null);
    }

    private static Invocation Help(IReadOnlyList<string> args, int start)
    {
        var rest = new ParsedArgs();
        Guard(null, () => ArgumentParser.Parse(args, start, GlobalOptions.Flags, rest, stopAtPositional: false));
        var topic = string.Join(' ', rest.Positionals);
        if (topic.Length == 0)
        {
            return new Invocation(null, rest, VerbTable.Usage());
        }

        if (VerbTable.Groups.ContainsKey(topic))
        {
            return new Invocation(null, rest, VerbTable.GroupUsage(topic));
        }

        return VerbTable.Find(topic) is { } verb
            ? new Invocation(verb, rest, VerbTable.Usage(verb))
            : throw new InvocationException(null, $"no help for unknown verb \"{topic}\"");
    }

    private static string SubVerbs(string group) =>
        string.Join(", ", VerbTable.InGroup(group).Select(v => v.Name[(group.Length + 1)..]));

    private static int Guard(Verb? verb, Func<int> parse)
    {
        try
        {
            return parse();
        }
        catch (UsageException e)
        {
            throw new InvocationException(verb, e.Message);
        }
    }
}
