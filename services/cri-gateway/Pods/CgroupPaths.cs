using CriMesh.Common.Errors;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// Where a pod's cgroup goes, computed without touching the system. cgroupfs: cgroup_parent is a path
/// ("/kubepods/burstable/podUID") and the pod cgroup is PARENT/crimesh-ID. systemd: cgroup_parent is a
/// slice ("kubepods-burstable-podUID.slice"), the pod cgroup the child slice PARENT-crimesh_ID.slice, and
/// its directory the slice expanded systemd's way ("a-b.slice" lives in "/a.slice/a-b.slice").
/// Directories are that relative path under each hierarchy: one (cgroup v2) or one per mounted v1
/// hierarchy (plus the unified one of a hybrid setup).
/// </summary>
public static class CgroupPaths
{
    public const string Cgroupfs = "cgroupfs";
    public const string Systemd = "systemd";

    public static void Validate(string parent, string driver)
    {
        if (parent.Length == 0)
        {
            return;
        }
        var ok = driver == Systemd ? IsSliceName(parent) : IsCgroupfsPath(parent);
        if (!ok)
        {
            throw CriMeshException.Invalid(driver == Systemd
                ? $"config.linux.cgroup_parent \"{PodValidator.Printable(parent)}\" is not a systemd slice name (NAME.slice) for the systemd cgroup driver"
                : $"config.linux.cgroup_parent \"{PodValidator.Printable(parent)}\" must be an absolute cgroup path without '.' or '..' components");
        }
    }

    /// <summary>The pod cgroup in the driver's syntax: what containers name as their parent.</summary>
    public static string PodCgroup(string parent, string driver, string podId) => driver == Systemd
        ? $"{parent[..^".slice".Length]}-crimesh_{podId}.slice"
        : $"{parent.TrimEnd('/')}/crimesh-{podId}";

    /// <summary>The directory of a cgroup relative to a hierarchy's root, always starting with '/'.</summary>
    public static string RelativeDir(string cgroup, string driver) =>
        driver == Systemd ? ExpandSlice(cgroup) : "/" + cgroup.Trim('/');

    /// <summary>systemd's slice nesting: "a-b-c.slice" → "/a.slice/a-b.slice/a-b-c.slice"; "-.slice" is the root.</summary>
    public static string ExpandSlice(string slice)
    {
        if (slice == "-.slice")
        {
            return "/";
        }
        var stem = slice[..^".slice".Length];
        var parts = stem.Split('-');
        var path = new System.Text.StringBuilder();
        for (var i = 1; i <= parts.Length; i++)
        {
            path.Append('/').Append(string.Join('-', parts[..i])).Append(".slice");
        }
        return path.ToString();
    }

    /// <summary>Every directory of the cgroup: the relative dir under each hierarchy root.</summary>
    public static IReadOnlyList<string> AbsoluteDirs(string relativeDir, IEnumerable<string> hierarchyRoots) =>
        hierarchyRoots.Select(root => root.TrimEnd('/') + relativeDir).ToList();

    private static bool IsCgroupfsPath(string path) =>
        path.StartsWith('/') && path.Length <= 1024 &&
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).All(p => p is not ("." or "..") && p.All(IsCgroupChar));

    private static bool IsSliceName(string name)
    {
        if (!name.EndsWith(".slice", StringComparison.Ordinal) || name.Length > 255 || name.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }
        var stem = name[..^".slice".Length];
        return name == "-.slice" || stem.Length > 0 && stem.Split('-').All(p => p.Length > 0 && p.All(IsCgroupChar) && p is not ("." or ".."));
    }

    private static bool IsCgroupChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@';
}
