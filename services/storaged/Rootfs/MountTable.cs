namespace CriMesh.Storaged.Rootfs;

/// <summary>
/// Mount points of this mount namespace, from /proc/self/mountinfo (proc(5): "36 35 98:0 /mnt1 /mnt2 rw ..."
/// — the fifth field is the mount point, with space, tab, newline and backslash written as \ooo octal).
/// </summary>
public static class MountTable
{
    /// <summary>All mount points, in mount order.</summary>
    public static List<string> MountPoints()
    {
        var result = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ', 6);
            if (fields.Length >= 5)
            {
                result.Add(Unescape(fields[4]));
            }
        }
        return result;
    }

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

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }
        var sb = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                sb.Append((char)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }
        return sb.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
