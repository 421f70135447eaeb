namespace CriMesh.IntegrationTests.Deploy;

/// <summary>A systemd unit file read as (section, key, value) entries, as systemd.syntax(7) lays them out.</summary>
internal sealed class UnitFile
{
    private readonly List<(string Section, string Key, string Value)> _entries;

    private UnitFile(string name, List<(string Section, string Key, string Value)> entries)
    {
        Name = name;
        _entries = entries;
    }

    public string Name { get; }

    public static UnitFile Load(string path)
    {
        var entries = new List<(string, string, string)>();
        var section = "";
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[' && line[^1] == ']')
            {
                section = line[1..^1];
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(eq > 0, $"{path}: not a key=value line: \"{raw}\"");
            Assert.False(line.EndsWith('\\'), $"{path}: line continuations are not used here: \"{raw}\"");
            entries.Add((section, line[..eq].Trim(), line[(eq + 1)..].Trim()));
        }
        return new UnitFile(Path.GetFileName(path), entries);
    }

    /// <summary>Every value of <paramref name="key"/> in <paramref name="section"/>, in file order.</summary>
    public IReadOnlyList<string> All(string section, string key) =>
        _entries.Where(e => e.Section == section && e.Key == key).Select(e => e.Value).ToList();

    /// <summary>The single value of <paramref name="key"/>; fails the test when it is absent or repeated.</summary>
    public string Single(string section, string key)
    {
        var values = All(section, key);
        Assert.True(values.Count == 1, $"{Name}: expected one {key}= in [{section}], found {values.Count}");
        return values[0];
    }

    /// <summary>The space-separated words of every <paramref name="key"/> line (Wants=, After=, ...).</summary>
    public IReadOnlySet<string> Words(string section, string key) =>
        All(section, key).SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
}
