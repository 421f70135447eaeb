using System.Text;

namespace CriMesh.Ctl.Commands;

/// <summary>
/// Reads a CRI log file (<c>TIMESTAMP STREAM P|F TEXT</c> per line; P = partial, the entry goes on in the
/// next line) and prints the text: stdout entries to one writer, stderr to the other. Remembers how far it
/// read, so following prints only what was appended; an incomplete last line waits for its newline.
/// </summary>
internal sealed class CriLogReader(string path, TextWriter stdout, TextWriter stderr)
{
    private long offset;

    /// <summary>Prints the whole file, or only its last <paramref name="tail"/> entries when tail ≥ 0.</summary>
    public void PrintExisting(int tail)
    {
        var lines = ReadNewLines();
        var entries = Entries(lines).ToList();
        foreach (var (stream, text) in tail >= 0 ? entries.Skip(Math.Max(0, entries.Count - tail)) : entries)
            (stream == "stderr" ? stderr : stdout).Write(text);
        stdout.Flush();
    }

    public void PrintNew() => PrintExisting(-1);

    /// <summary>Complete lines appended since the last read (a rotated, shorter file starts over).</summary>
    private List<string> ReadNewLines()
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length < offset) offset = 0;
        file.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[file.Length - offset];
        var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var end = Array.LastIndexOf(buffer, (byte)'\n', Math.Max(0, read - 1));
        if (read == 0 || end < 0) return [];
        offset += end + 1;
        return Encoding.UTF8.GetString(buffer, 0, end).Split('\n').ToList();
    }

    /// <summary>Log entries: partial lines joined to the full line that ends them.</summary>
    internal static IEnumerable<(string Stream, string Text)> Entries(IEnumerable<string> lines)
    {
        var pending = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var parts = line.Split(' ', 4);
            if (parts.Length < 3 || parts[1] is not ("stdout" or "stderr")) continue;
            var text = parts.Length == 4 ? parts[3] : "";
            if (!pending.TryGetValue(parts[1], out var sb)) pending[parts[1]] = sb = new StringBuilder();
            sb.Append(text);
            if (parts[2] == "P") continue;
            yield return (parts[1], sb.Append('\n').ToString());
            sb.Clear();
        }
    }
}
