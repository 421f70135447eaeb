using System.Text;

namespace CriMesh.Testing;

/// <summary>
/// A fresh directory under the system temp dir (<c>/tmp/crimesh-test-XXXX</c>), deleted recursively on
/// <see cref="Dispose"/>. Anything mounted below it (overlay mounts a test made and forgot) is lazily
/// unmounted first, deepest first, found by scanning <c>/proc/self/mountinfo</c>.
/// </summary>
public sealed class TempDir : IDisposable
{
    private bool _disposed;

    /// <summary>
    /// Creates the directory (mode 0700 unless <paramref name="mode"/> is given, e.g. <c>0755</c> when processes of
    /// other users must reach paths below it); <paramref name="prefix"/> ends up in its name to help debugging.
    /// </summary>
    public TempDir(string prefix = "crimesh-test", UnixFileMode? mode = null)
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
        if (mode is { } m && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, m);
        }
    }

    /// <summary>The absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>Returns <c>Path/relative</c> (does not create it).</summary>
    public string Combine(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    /// <summary>Creates <c>Path/relative</c> as a directory and returns its path.</summary>
    public string CreateSubdirectory(string relative) => Directory.CreateDirectory(Combine(relative)).FullName;

    /// <summary>Unmounts anything below the directory, then deletes it recursively. Never throws for a missing dir.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        UnmountBelow(Path);
        DeleteRecursive(Path);
    }

    /// <summary>
    /// Lazily unmounts (<c>umount -l</c>) every mount point at or below <paramref name="root"/>, deepest first.
    /// Returns how many were unmounted.
    /// </summary>
    public static int UnmountBelow(string root)
    {
        var prefix = root.TrimEnd('/');
        var points = ReadMountPoints()
            .Where(p => p == prefix || p.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(p => p.Length)
            .ToList();
        foreach (var point in points)
        {
            ChildProcess.Run("umount", ["-l", point], TimeSpan.FromSeconds(10), throwOnFailure: false);
        }
        return points.Count;
    }

    /// <summary>Reads the mount points (field 5) of <c>/proc/self/mountinfo</c>, with octal escapes (\040) decoded.</summary>
    public static IReadOnlyList<string> ReadMountPoints()
    {
        // mountinfo(5): "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue";
        // the fifth field is the mount point relative to the process's root.
        var result = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                result.Add(DecodeOctalEscapes(fields[4]));
            }
        }
        return result;
    }

    private static string DecodeOctalEscapes(string s)
    {
        if (!s.Contains('\\'))
        {
            return s;
        }
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s.Skip(start).Take(3).All(c => c is >= '0' and <= '7');

    private static void DeleteRecursive(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // A test may have left read-only or immutable-looking dirs; rm knows more tricks than Directory.Delete.
            ChildProcess.Run("rm", ["-rf", "--one-file-system", path], TimeSpan.FromSeconds(60), throwOnFailure: false);
        }
        catch (IOException)
        {
            ChildProcess.Run("rm", ["-rf", "--one-file-system", path], TimeSpan.FromSeconds(60), throwOnFailure: false);
        }
    }
}
