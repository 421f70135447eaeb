namespace CriMesh.Ctl.Arguments;

/// <summary>
/// One flag a verb (or the whole tool) accepts: <c>--long</c>, optionally <c>-s</c>, either a switch or
/// taking one value (<c>--long VALUE</c> or <c>--long=VALUE</c>).
/// </summary>
internal sealed record FlagSpec(string Long, char? Short, string? ValueName, string Help)
{
    public bool TakesValue => ValueName is not null;

    /// <summary>How the flag reads in usage text, e.g. <c>-o, --output FORMAT</c>.</summary>
    public string Synopsis =>
        (Short is { } s ? $"-{s}, " : "    ") + $"--{Long}" + (ValueName is null ? "" : $" {ValueName}");

    public static FlagSpec Switch(string longName, char? shortName, string help) => new(longName, shortName, null, help);

    public static FlagSpec Value(string longName, char? shortName, string valueName, string help) =>
        new(longName, shortName, valueName, help);
}
