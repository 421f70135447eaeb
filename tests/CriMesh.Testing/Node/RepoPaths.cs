namespace CriMesh.Testing.Node;

/// <summary>Where the built daemons and CLI are, for tests that run them as real processes.</summary>
public static class RepoPaths
{
    private static readonly Dictionary<string, string> ProjectDirs = new(StringComparer.Ordinal)
    {
        ["gateway"] = "services/cri-gateway",
        ["imaged"] = "services/imaged",
        ["storaged"] = "services/storaged",
        ["netd"] = "services/netd",
        ["conmon"] = "services/conmon",
    };

    /// <summary>The repository root: the nearest ancestor of the test binaries holding CriMesh.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests themselves were built in.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The five daemon names.</summary>
    public static IReadOnlyCollection<string> Daemons => ProjectDirs.Keys;

    /// <summary>The built executable of <paramref name="daemon"/>.</summary>
    public static string DaemonExe(string daemon) => Built(ProjectDirs[daemon], $"crimesh-{daemon}");

    /// <summary>The built crimeshctl executable.</summary>
    public static string CliExe => Built("tools/crimeshctl", "crimeshctl");

    private static string Built(string projectDir, string assembly)
    {
        var path = Path.Combine(Root, projectDir, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is not built; build the solution (dotnet build CriMesh.sln -c {Configuration}) first", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CriMesh.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no CriMesh.sln above {AppContext.BaseDirectory}");
    }
}
