using CriMesh.Linux.ProcFs;

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

    /// <summary>The mount points of <c>/proc/self/mountinfo</c>, escapes decoded.</summary>
    public static IReadOnlyList<string> ReadMountPoints() => MountInfo.MountPoints();

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
