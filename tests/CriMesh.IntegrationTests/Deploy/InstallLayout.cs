namespace CriMesh.IntegrationTests.Deploy;

/// <summary>
/// deploy/layout.env: KEY=VALUE lines (a value may be double-quoted), comments and blank lines, no
/// expansion. The same file tools/setup.sh and crimesh-node source.
/// </summary>
internal sealed class InstallLayout
{
    private readonly Dictionary<string, string> _values;

    private InstallLayout(Dictionary<string, string> values)
    {
        _values = values;
    }

    public static InstallLayout Shipped { get; } = Load(Path.Combine(RepoPaths.Deploy, "layout.env"));

    public string this[string key] =>
        _values.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"layout.env has no {key}");

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The daemons in start order.</summary>
    public IReadOnlyList<string> Daemons => this["DAEMONS"].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Where the published <paramref name="assembly"/> runs from: PREFIX/&lt;assembly&gt;/&lt;assembly&gt;.</summary>
    public string ExecutableOf(string assembly) => $"{this["PREFIX"]}/{assembly}/{assembly}";

    public static InstallLayout Load(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || line.Contains('$', StringComparison.Ordinal) || line.Contains('`', StringComparison.Ordinal))
            {
                throw new FormatException($"{path}:{number}: expected KEY=VALUE without expansion, got \"{raw}\"");
            }
            var value = line[(eq + 1)..];
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }
            if (!values.TryAdd(line[..eq], value))
            {
                throw new FormatException($"{path}:{number}: {line[..eq]} is set twice");
            }
        }
        return new InstallLayout(values);
    }
}
