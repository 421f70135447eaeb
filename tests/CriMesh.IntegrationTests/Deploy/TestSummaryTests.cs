namespace CriMesh.IntegrationTests.Deploy;

/// <summary>The closing line of tools/test.sh (deploy/lib/test-summary.sh) on console logs of dotnet test.</summary>
public sealed class TestSummaryTests : IDisposable
{
    private const string PassedProject =
        "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 1 s - CriMesh.Common.Tests.dll (net10.0)";

    private const string FailedProject =
        "Failed!  - Failed:     2, Passed:     5, Skipped:     3, Total:    10, Duration: 4 s - CriMesh.IntegrationTests.dll (net10.0)";

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Summary_PassedAndFailedProjects_SumsThemAndFails()
    {
        var (rc, lines) = await SummarizeAsync($"  Determining projects to restore...\n{PassedProject}\n[xUnit.net] X_Y_Z [FAIL]\n{FailedProject}\n", 1);

        Assert.Equal("17 passed, 2 failed, 3 skipped", lines[^1]);
        Assert.NotEqual(0, rc);
    }

    [Fact]
    public async Task Summary_AllPassedWithColors_PrintsTotalsAndSucceeds()
    {
        var (rc, lines) = await SummarizeAsync($"\u001b[32;1m{PassedProject}\u001b[0m\n{PassedProject.Replace("12", "3", StringComparison.Ordinal)}\n", 0);

        Assert.Equal("15 passed, 0 failed, 0 skipped", lines[^1]);
        Assert.Equal(0, rc);
    }

    [Fact]
    public async Task Summary_NonZeroExitWithoutFailedTests_CountsOneFailure()
    {
        var (rc, lines) = await SummarizeAsync($"{PassedProject}\nThe active test run was aborted. Reason: Test host process crashed\n", 1);

        Assert.Equal("12 passed, 1 failed, 0 skipped", lines[^1]);
        Assert.NotEqual(0, rc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Skipped! - Failed:     0, Passed:     0, Skipped:     4, Total:     4, Duration: 1 s - A.dll (net10.0)\n")]
    public async Task Summary_NoTestRan_Fails(string log)
    {
        var (rc, lines) = await SummarizeAsync(log, 0);

        Assert.Matches("^0 passed, 0 failed, [04] skipped$", lines[^1]);
        Assert.NotEqual(0, rc);
    }

    private async Task<(int ExitCode, string[] Lines)> SummarizeAsync(string log, int dotnetTestExitCode)
    {
        var file = _dir.Combine("test.log");
        await File.WriteAllTextAsync(file, log);
        var script = Path.Combine(RepoPaths.Deploy, "lib", "test-summary.sh");

        var result = await ProcessRunner.RunAsync(
            "bash",
            ["-c", $". \"$1\" && crimesh_test_summary \"$2\" {dotnetTestExitCode}", "summary", script, file],
            TimeSpan.FromSeconds(30));

        Assert.True(result.Stderr.Length == 0, result.ToString());
        return (result.ExitCode, result.Stdout.TrimEnd('\n').Split('\n'));
    }

    public void Dispose() => _dir.Dispose();
}
