using System.Globalization;

namespace CriMesh.Linux.ProcFs;

/// <summary>
/// Reads /proc/[pid]/stat. proc(5): "(2) comm %s — The filename of the executable, in parentheses ...
/// (3) state %c". The command name may itself hold spaces and parentheses, so the state is found after
/// the last ')'.
/// </summary>
public static class ProcStat
{
    /// <summary>The state letter (R, S, D, Z, T, ...) of <paramref name="pid"/>, or null when it is gone.</summary>
    public static char? State(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
        return ParseState(text);
    }

    /// <summary>The state letter in one /proc/[pid]/stat line.</summary>
    public static char? ParseState(ReadOnlySpan<char> line)
    {
        var close = line.LastIndexOf(')');
        return close < 0 || close + 2 >= line.Length ? null : line[close + 2];
    }

    /// <summary>
    /// The children of this process, from /proc/self/task/*/children (a space-separated list per thread).
    /// </summary>
    public static IReadOnlyList<int> Children()
    {
        var result = new List<int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
            {
                continue;
            }
            result.AddRange(ParseChildren(text));
        }
        return result;
    }

    public static IEnumerable<int> ParseChildren(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : -1)
            .Where(pid => pid > 0);
}
