namespace CriMesh.Gateway.Pods;

/// <summary>
/// The cgroup hierarchies mounted on this node, read from /proc/self/mountinfo (proc(5): "... - FSTYPE
/// SOURCE OPTIONS" after the optional fields). Pure v2 gives one root; v1 or hybrid one per hierarchy.
/// </summary>
public static class CgroupHierarchies
{
    private static readonly Lazy<IReadOnlyList<string>> Node = new(() => Parse(File.ReadLines("/proc/self/mountinfo")));

    public static IReadOnlyList<string> Roots => Node.Value;

    /// <summary>The mount points of cgroup and cgroup2 file systems, in mountinfo order.</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string> mountinfoLines)
    {
        var roots = new List<string>();
        foreach (var line in mountinfoLines)
        {
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (dash < 5 || dash + 1 >= fields.Length || fields[dash + 1] is not ("cgroup" or "cgroup2"))
            {
                continue;
            }
            roots.Add(CriMesh.Linux.ProcFs.MountInfo.Unescape(fields[4]));
        }
        return roots;
    }
}
