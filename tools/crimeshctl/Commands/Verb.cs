using CriMesh.Ctl.Arguments;

namespace CriMesh.Ctl.Commands;

/// <summary>One verb of the tool: its name (two words for groups, e.g. "storage gc"), its arguments and its handler.</summary>
internal sealed record Verb(
    string Name,
    string Arguments,
    string Summary,
    IReadOnlyList<FlagSpec> Flags,
    int MinArgs,
    int MaxArgs,
    Func<CommandContext, Task<int>> RunAsync)
{
    public static Verb NoArgs(string name, string summary, Func<CommandContext, Task<int>> run, params FlagSpec[] flags) =>
        new(name, "", summary, flags, 0, 0, run);
}
