namespace CriMesh.Imaged.Pull;

/// <summary>
/// Named steps of a pull where a test build can hold the pull still, so a test can SIGKILL imaged at
/// exactly that step. Compiled in only with CRIMESH_FAILPOINTS (tools/test.sh builds with
/// <c>-p:CrimeshFailpoints=true</c>); otherwise <see cref="ReachedAsync"/> does nothing. In a test build,
/// <c>CRIMESH_PULL_PAUSE=STEP</c> makes a pull that reaches STEP create the file
/// <c>$CRIMESH_PULL_PAUSE_DIR/STEP</c> and wait (at most five minutes) for its end.
/// </summary>
public static class PullStep
{
    public const string BeforeFirstLayer = "before-first-layer";
    public const string MidLayers = "mid-layers";
    public const string AfterLastLayer = "after-last-layer";
    public const string BeforeCommit = "before-commit";

#if CRIMESH_FAILPOINTS
    /// <summary>True in a build that holds pulls at named steps.</summary>
    public static bool Compiled => true;

    public static async Task ReachedAsync(string step)
    {
        if (Environment.GetEnvironmentVariable("CRIMESH_PULL_PAUSE") != step)
        {
            return;
        }
        var dir = Environment.GetEnvironmentVariable("CRIMESH_PULL_PAUSE_DIR") ?? Path.GetTempPath();
        await File.WriteAllTextAsync(Path.Combine(dir, step), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromMinutes(5)).ConfigureAwait(false);
    }
#else
    public static bool Compiled => false;

    public static Task ReachedAsync(string step) => Task.CompletedTask;
#endif
}
