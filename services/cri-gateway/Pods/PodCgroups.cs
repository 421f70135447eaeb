using CriMesh.Common.Errors;

namespace CriMesh.Gateway.Pods;

/// <summary>Creates and removes a pod's cgroup directories in every hierarchy, remembering what it created.</summary>
public static class PodCgroups
{
    /// <summary>
    /// Makes the cgroup in every hierarchy and returns its directories (one per hierarchy). Missing parents
    /// are made too but not returned: they are cgroup_parent's, shared with other pods (kubelet makes them),
    /// and are not this pod's to remove. A v1 cpuset directory gets its parent's cpus and mems, without
    /// which no process can join it.
    /// </summary>
    public static IReadOnlyList<string> Create(string relativeDir, IReadOnlyList<string> roots)
    {
        var created = new List<string>();
        try
        {
            foreach (var root in roots)
            {
                var dir = root.TrimEnd('/');
                var parts = relativeDir.Split('/', StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < parts.Length; i++)
                {
                    var parent = dir;
                    dir = dir + "/" + parts[i];
                    if (Directory.Exists(dir))
                    {
                        if (i == parts.Length - 1)
                        {
                            throw new IOException($"cgroup {dir} exists already");
                        }
                        // A parent another pod is making this very moment may not have its cpuset yet.
                        InheritCpuset(parent, dir);
                        continue;
                    }
                    Directory.CreateDirectory(dir);
                    InheritCpuset(parent, dir);
                    if (i == parts.Length - 1)
                    {
                        created.Add(dir);
                    }
                }
            }
            return created;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Remove(created);
            throw new CriMeshException(ErrorKind.Internal, $"failed to create cgroup {relativeDir}: {e.Message}", e);
        }
    }

    /// <summary>Moves a process into the leaf directory under every root.</summary>
    public static void AddProcess(string relativeDir, IReadOnlyList<string> roots, int pid)
    {
        foreach (var root in roots)
        {
            var procs = root.TrimEnd('/') + relativeDir + "/cgroup.procs";
            if (File.Exists(procs))
            {
                File.WriteAllText(procs, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// Removes the directories deepest first; a missing one is fine. A busy one (a process still inside, or
    /// a child cgroup) is retried briefly, then reported.
    /// </summary>
    public static void Remove(IReadOnlyList<string> created)
    {
        var failures = new List<string>();
        foreach (var dir in created.Reverse())
        {
            if (!TryRemove(dir, out var error))
            {
                failures.Add($"{dir}: {error}");
            }
        }
        if (failures.Count > 0)
        {
            throw new CriMeshException(ErrorKind.Internal, $"failed to remove cgroups: {string.Join("; ", failures)}");
        }
    }

    private static bool TryRemove(string dir, out string error)
    {
        error = "";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                Directory.Delete(dir);
                return true;
            }
            catch (DirectoryNotFoundException)
            {
                return true;
            }
            catch (IOException e)
            {
                error = e.Message;
                Thread.Sleep(10);
            }
        }
        return false;
    }

    private static void InheritCpuset(string parent, string dir)
    {
        foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
        {
            var own = Path.Combine(dir, file);
            if (File.Exists(own) && File.ReadAllText(own).Trim().Length == 0)
            {
                File.WriteAllText(own, File.ReadAllText(Path.Combine(parent, file)).Trim());
            }
        }
    }
}
