using System.Text;

namespace CriMesh.Linux.ProcFs;

/// <summary>
/// Mount points of this mount namespace, from /proc/self/mountinfo. proc(5): "36 35 98:0 /mnt1 /mnt2
/// rw,noatime master:1 - ext3 /dev/root rw,errors=continue" — the fifth field is the mount point, with
/// space, tab, newline and backslash written as \ooo octal escapes.
/// </summary>
public static class MountInfo
{
    /// <summary>All mount points, in mount order.</summary>
    public static List<string> MountPoints()
    {
        var result = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            if (ParseMountPoint(line) is { } point)
            {
                result.Add(point);
            }
        }
        return result;
    }

    /// <summary>The decoded mount point of one mountinfo line, or null for a line too short to have one.</summary>
    public static string? ParseMountPoint(string line)
    {
        var fields = line.Split(' ', 6);
        return fields.Length >= 5 ? Unescape(fields[4]) : null;
    }

    /// <summary>Decodes \ooo escapes as bytes, so a path in UTF-8 comes back whole.</summary>
    public static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }
        var bytes = new List<byte>(field.Length);
        var plainStart = 0;
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[plainStart..i]));
                bytes.Add((byte)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
                plainStart = i + 1;
            }
        }
        bytes.AddRange(Encoding.UTF8.GetBytes(field[plainStart..]));
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
