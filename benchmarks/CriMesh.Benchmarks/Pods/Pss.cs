using System.Globalization;

namespace CriMesh.Benchmarks.Pods;

/// <summary>Proportional set size of processes, from <c>/proc/PID/smaps_rollup</c>.</summary>
internal static class Pss
{
    /// <summary>
    /// The "Pss:" line of smaps_rollup in KiB (proc(5): "Pss: the process's proportional share of this
    /// mapping", summed over all mappings in the rollup); null when the process is gone.
    /// </summary>
    public static long? KiB(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/smaps_rollup");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        foreach (var line in lines)
        {
            if (line.StartsWith("Pss:", StringComparison.Ordinal))
            {
                var value = line["Pss:".Length..].Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    /// <summary>
    /// A total and one figure per process name, processes of one name summed with their count, e.g.
    /// <c>95.2 MiB (conmon 28.2, gateway 30.0, ..., shim x100 261.0)</c>.
    /// </summary>
    public static string Describe(IReadOnlyList<(string Name, int Pid)> processes)
    {
        var parts = new List<string>();
        long total = 0;
        foreach (var group in processes.GroupBy(p => p.Name, StringComparer.Ordinal))
        {
            var kib = group.Sum(p => KiB(p.Pid) ?? 0);
            total += kib;
            var count = group.Count() > 1 ? $" x{group.Count()}" : "";
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{group.Key}{count} {kib / 1024.0:0.0}"));
        }
        return string.Create(CultureInfo.InvariantCulture, $"{total / 1024.0:0.0} MiB ({string.Join(", ", parts)})");
    }

    /// <summary>The PIDs whose command line contains <paramref name="needle"/> (e.g. a containerd shim's -address).</summary>
    public static IReadOnlyList<int> PidsWithCmdline(string needle)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(needle, StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return pids;
    }
}
