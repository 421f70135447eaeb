namespace CriMesh.Netd.Cni;

/// <summary>The CNI spec versions netd speaks, and what each one allows.</summary>
public static class CniVersions
{
    /// <summary>Versions whose result format (<c>ips</c>, <c>interfaces</c>) netd reads: 0.3.x, 0.4.0 and 1.x.</summary>
    public static readonly IReadOnlyList<string> Supported = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    public static bool IsSupported(string version) => Supported.Contains(version, StringComparer.Ordinal);

    /// <summary>CHECK exists from 0.4.0 on.</summary>
    public static bool HasCheck(string version) => AtLeast(version, 0, 4);

    /// <summary>DEL gets the cached ADD result as <c>prevResult</c> from 0.4.0 on.</summary>
    public static bool DeleteGetsPrevResult(string version) => AtLeast(version, 0, 4);

    private static bool AtLeast(string version, int major, int minor)
    {
        var parts = version.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], out var a) || !int.TryParse(parts[1], out var b))
        {
            return false;
        }
        return a > major || (a == major && b >= minor);
    }
}
