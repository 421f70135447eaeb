using Shared = CriMesh.Testing.Node.RepoPaths;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>The deploy/ paths of the checkout; the root and the built daemons come from the test kit.</summary>
internal static class RepoPaths
{
    /// <summary>The directory holding CriMesh.sln.</summary>
    public static string Root => Shared.Root;

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string SystemdDir => Path.Combine(Deploy, "systemd");

    /// <summary>The built apphost of <paramref name="daemon"/>, in the tests' configuration; throws naming the fix when not built.</summary>
    public static string DaemonExe(string daemon) => Shared.DaemonExe(daemon);
}
