using CriMesh.Linux.ProcFs;

namespace CriMesh.Storaged.Mounts;

/// <summary>Questions storaged asks of this mount namespace's mount points (read by <see cref="MountInfo"/>).</summary>
public static class MountTable
{
    /// <summary>All mount points, in mount order.</summary>
    public static List<string> MountPoints() => MountInfo.MountPoints();

    /// <summary>Mount points at or below <paramref name="path"/>, deepest (last mounted) first, ready to unmount in order.</summary>
    public static List<string> MountPointsUnder(string path)
    {
        var prefix = path.TrimEnd('/') + "/";
        var all = MountPoints();
        var under = all.Where(m => m == path.TrimEnd('/') || m.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        under.Reverse();
        return under;
    }

    public static bool IsMountPoint(string path) => MountPoints().Contains(path.TrimEnd('/'));

    /// <summary>The mount point of the filesystem holding <paramref name="path"/> (the longest mount point that is a prefix).</summary>
    public static string MountPointOf(string path)
    {
        var full = Path.GetFullPath(path);
        var best = "/";
        foreach (var m in MountPoints())
        {
            if ((full == m || full.StartsWith(m.TrimEnd('/') + "/", StringComparison.Ordinal)) && m.Length > best.Length)
            {
                best = m;
            }
        }
        return best;
    }
}
