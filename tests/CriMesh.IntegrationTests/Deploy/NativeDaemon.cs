namespace CriMesh.IntegrationTests.Deploy;

/// <summary>
/// The NativeAOT build of a daemon in artifacts/aot/&lt;daemon&gt;/. tools/test.sh publishes it before the
/// tests; when it is missing or older than the JIT build (a developer running dotnet test alone), it is
/// published here, once per test run, through the same script.
/// </summary>
internal static class NativeDaemon
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(20);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string> EnsureAsync(string daemon, Action<string> log)
    {
        var dir = Path.Combine(RepoPaths.Root, "artifacts", "aot", daemon);
        var exe = Path.Combine(dir, $"crimesh-{daemon}");
        await Gate.WaitAsync();
        try
        {
            if (!IsCurrent(exe, daemon))
            {
                log($"publishing {exe} with tools/publish-aot.sh");
                var result = await ProcessRunner.RunAsync(Path.Combine(RepoPaths.Root, "tools", "publish-aot.sh"), [daemon], PublishTimeout);
                log(result.ToString());
                Assert.True(result.ExitCode == 0, $"tools/publish-aot.sh {daemon} failed: {result}");
            }
        }
        finally
        {
            Gate.Release();
        }
        Assert.True(File.Exists(exe), $"{exe} was not published");
        // A NativeAOT publish is one self-contained executable: no managed assembly beside it.
        Assert.Empty(Directory.GetFiles(dir, "*.dll"));
        return exe;
    }

    private static bool IsCurrent(string exe, string daemon) =>
        File.Exists(exe) && File.GetLastWriteTimeUtc(exe) >= File.GetLastWriteTimeUtc(RepoPaths.DaemonExe(daemon) + ".dll");
}
