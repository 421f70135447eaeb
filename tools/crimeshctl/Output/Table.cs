namespace CriMesh.Ctl.Output;

/// <summary>
/// All plain-text layout of the tool: column tables (header row in capitals, columns separated by at
/// least three spaces, as crictl prints them) and key/value listings.
/// </summary>
internal static class Table
{
    private const int Gap = 3;

    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
            {
                throw new ArgumentException($"row has {row.Count} cells, table has {headers.Count} columns", nameof(rows));
            }

            all.Add(row);
        }

        var widths = new int[headers.Count];
        foreach (var row in all)
        {
            for (var c = 0; c < row.Count; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        foreach (var row in all)
        {
            var line = new System.Text.StringBuilder();
            for (var c = 0; c < row.Count; c++)
            {
                var cell = Clean(row[c]);
                line.Append(c == row.Count - 1 ? cell : cell.PadRight(widths[c] + Gap));
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    /// <summary>Writes <c>Key:   value</c> lines with the values aligned.</summary>
    public static void WritePairs(TextWriter output, IEnumerable<(string Key, string Value)> pairs)
    {
        var list = pairs.ToList();
        var width = list.Count == 0 ? 0 : list.Max(p => p.Key.Length) + 1;
        foreach (var (key, value) in list)
        {
            output.WriteLine($"{(key + ":").PadRight(width + Gap)}{Clean(value)}".TrimEnd());
        }
    }

    // A cell is one line: control characters from a daemon's answer must not break the layout.
    private static string Clean(string cell) =>
        cell.Any(char.IsControl) ? new string(cell.Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray()) : cell;
}
