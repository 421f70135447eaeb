namespace CriMesh.Conmon.Tests.Fixtures;

/// <summary>Removes a test's cgroup subtree in every mounted hierarchy (deepest first; processes must be gone).</summary>
public static class CgroupCleanup
{
    public static void Remove(string cgroupPath)
    {
        var rel = cgroupPath.TrimStart('/');
        KillAll(rel);
        foreach (var hierarchy in Directory.EnumerateDirectories("/sys/fs/cgroup").Append("/sys/fs/cgroup"))
        {
            var root = Path.Combine(hierarchy, rel);
            if (!Directory.Exists(root))
            {
                continue;
            }
            foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)
                .OrderByDescending(d => d.Length).Append(root))
            {
                for (var attempt = 0; attempt < 20; attempt++)
                {
                    try
                    {
                        Directory.Delete(dir);
                        break;
                    }
                    catch (IOException) when (attempt < 19)
                    {
                        Thread.Sleep(50);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        }
    }

    /// <summary>SIGKILLs every process in the subtree (read from each hierarchy's cgroup.procs).</summary>
    private static void KillAll(string rel)
    {
        foreach (var hierarchy in Directory.EnumerateDirectories("/sys/fs/cgroup").Append("/sys/fs/cgroup"))
        {
            var root = Path.Combine(hierarchy, rel);
            if (!Directory.Exists(root))
            {
                continue;
            }
            foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root))
            {
                try
                {
                    foreach (var line in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")))
                    {
                        if (int.TryParse(line, out var pid) && pid > 0)
                        {
                            CriMesh.Linux.Interop.Libc.Kill(pid, 9);
                        }
                    }
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>True when no hierarchy has the cgroup.</summary>
    public static bool IsGone(string cgroupPath) =>
        Directory.EnumerateDirectories("/sys/fs/cgroup").Append("/sys/fs/cgroup")
            .All(h => !Directory.Exists(Path.Combine(h, cgroupPath.TrimStart('/'))));
}
