namespace CriMesh.Ctl.Arguments;

/// <summary>Flags (by long name; the last value wins) and positional arguments, in order.</summary>
internal sealed class ParsedArgs
{
    private readonly Dictionary<string, string?> _flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public bool Has(string longName) => _flags.ContainsKey(longName);

    public string? Value(string longName) => _flags.GetValueOrDefault(longName);

    public void Set(string longName, string? value) => _flags[longName] = value;
}
