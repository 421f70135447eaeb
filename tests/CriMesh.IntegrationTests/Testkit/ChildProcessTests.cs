using CriMesh.Testing;

namespace CriMesh.IntegrationTests.Testkit;

public sealed class ChildProcessTests
{
    [Fact]
    public async Task DisposeAsync_Running_KilledByPid()
    {
        var child = ChildProcess.Start("/bin/sleep", ["600"]);
        var pid = child.Pid;
        Assert.True(Directory.Exists($"/proc/{pid}"));

        await child.DisposeAsync();

        Assert.True(child.HasExited);
        Assert.False(Directory.Exists($"/proc/{pid}"));
    }

    [Fact]
    public async Task WaitUntilAsync_ProcessExitsFirst_ReturnsFalse()
    {
        await using var child = ChildProcess.Start("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]);

        var met = await child.WaitUntilAsync(_ => Task.FromResult(false), TimeSpan.FromSeconds(30));

        Assert.False(met);
        Assert.Equal(3, await child.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitUntilAsync_ConditionMet_ReturnsTrue()
    {
        using var dir = new TempDir();
        await using var child = ChildProcess.Start("/bin/sh", ["-c", $"touch {dir.Combine("ready")}; exec sleep 600"]);

        var met = await child.WaitUntilAsync(_ => Task.FromResult(File.Exists(dir.Combine("ready"))), TimeSpan.FromSeconds(30));

        Assert.True(met);
    }

    [Fact]
    public async Task WaitForExitAsync_BackgroundChildHoldsStdout_ReturnsWhenProcessExits()
    {
        await using var child = ChildProcess.Start("/bin/sh", ["-c", "sleep 600 & echo $!; exit 4"]);
        int? background = null;
        try
        {
            Assert.Equal(4, await child.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            for (var i = 0; i < 300 && !child.Stdout.Contains('\n', StringComparison.Ordinal); i++)
            {
                await Task.Delay(10);
            }
            background = int.Parse(child.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (background is { } pid)
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
        }
    }

    [Fact]
    public void Run_NonZeroExit_ThrowsWithOutput()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ChildProcess.Run("/bin/sh", ["-c", "echo broken >&2; exit 7"], TimeSpan.FromSeconds(30)));

        Assert.Contains("exit code 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsAndThrows()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => ChildProcess.RunAsync("/bin/sleep", ["600"], TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task Run_Success_CapturesStdoutAndStderr()
    {
        var result = await ChildProcess.RunAsync("/bin/sh", ["-c", "echo out; echo err >&2"], TimeSpan.FromSeconds(30));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }
}
