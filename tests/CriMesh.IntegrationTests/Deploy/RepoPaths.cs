namespace CriMesh.IntegrationTests.Deploy;

/// <summary>Where things are in the checkout the tests were built from.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding CriMesh.sln, found by walking up from the test assembly.</summary>
    public static string Root => LazyRoot.Value;

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string SystemdDir => Path.Combine(Deploy, "systemd");

    /// <summary>The build configuration of this test assembly (bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    /// <summary>
    /// The built apphost of <paramref name="daemon"/> in the same configuration as the tests; fails the
    /// test, naming the fix, when it has not been built.
    /// </summary>
    public static string DaemonExe(string daemon)
    {
        var dir = daemon == "gateway" ? "cri-gateway" : daemon;
        var exe = Path.Combine(Root, "services", dir, "bin", Configuration, "net10.0", $"crimesh-{daemon}");
        Assert.True(File.Exists(exe), $"{exe} is missing: build the solution first (dotnet build -c {Configuration})");
        return exe;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; dir is not null && depth < 32; depth++, dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CriMesh.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no CriMesh.sln above {AppContext.BaseDirectory}");
    }
}
