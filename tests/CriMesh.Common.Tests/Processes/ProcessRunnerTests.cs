using System.Diagnostics;
using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Common.Processes;

namespace CriMesh.Common.Tests.Processes;

public sealed class ProcessRunnerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static Task<ProcessOutcome> Sh(string script, TimeSpan? timeout = null, CancellationToken ct = default) =>
        ProcessRunner.RunAsync(new ProcessSpec("/bin/sh", ["-c", script]) { Timeout = timeout ?? Long }, ct);

    [Fact]
    public async Task RunAsync_ExitCode_IsReportedWithOutput()
    {
        var outcome = await Sh("echo out; echo err >&2; exit 7");

        Assert.Equal(7, outcome.ExitCode);
        Assert.Equal(0, outcome.Signal);
        Assert.False(outcome.TimedOut);
        Assert.False(outcome.Succeeded);
        Assert.Equal("out\n", outcome.StdoutText);
        Assert.Equal("err\n", outcome.StderrText);
    }

    [Fact]
    public async Task RunAsync_KilledBySignal_ReportsSignal()
    {
        var outcome = await Sh("kill -TERM $$; sleep 5");

        Assert.Equal(15, outcome.Signal);
        Assert.Equal(128 + 15, outcome.ExitCode);
        Assert.False(outcome.TimedOut);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsGrandchildrenToo()
    {
        var outcome = await Sh("sleep 600 & echo $!; sleep 600", TimeSpan.FromMilliseconds(500));

        Assert.True(outcome.TimedOut);
        Assert.Equal(9, outcome.Signal);
        var grandchild = int.Parse(outcome.StdoutText.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await GoneAsync(grandchild), $"grandchild {grandchild} survived the timeout");
    }

    [Fact]
    public async Task RunAsync_GrandchildHoldsStdout_DeadlineEndsTheRun()
    {
        var watch = Stopwatch.StartNew();
        var outcome = await Sh("sleep 600 & echo $!; exit 3", TimeSpan.FromSeconds(1));

        Assert.Equal(3, outcome.ExitCode);
        Assert.True(outcome.TimedOut);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        var grandchild = int.Parse(outcome.StdoutText.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await GoneAsync(grandchild), $"grandchild {grandchild} survived the deadline");
    }

    [Fact]
    public async Task RunAsync_OutputOverCap_KeepsFirstBytesAndFlagsTruncation()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "head -c 3000000 /dev/zero; echo tail >&2"]) { MaxOutputBytes = 1000, Timeout = Long };

        var outcome = await ProcessRunner.RunAsync(spec, CancellationToken.None);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(1000, outcome.Stdout.Length);
        Assert.True(outcome.StdoutTruncated);
        Assert.False(outcome.StderrTruncated);
        Assert.Equal("tail\n", outcome.StderrText);
    }

    [Fact]
    public async Task RunAsync_Stdin_IsDeliveredThenClosed()
    {
        var input = new byte[300_000];
        new Random(7).NextBytes(input);

        var outcome = await ProcessRunner.RunAsync(new ProcessSpec("cat", []) { Stdin = input, Timeout = Long }, CancellationToken.None);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(input, outcome.Stdout);
    }

    [Fact]
    public async Task RunAsync_NoStdin_ReadsDevNull()
    {
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec("wc", ["-c"]) { Timeout = Long }, CancellationToken.None);

        Assert.Equal("0", outcome.StdoutText.Trim());
    }

    [Fact]
    public async Task RunAsync_Environment_IsTheCompleteEnvironment()
    {
        var spec = new ProcessSpec("/usr/bin/env", []) { Environment = new Dictionary<string, string> { ["A"] = "1 2" }, Timeout = Long };

        var outcome = await ProcessRunner.RunAsync(spec, CancellationToken.None);

        Assert.Equal("A=1 2\n", outcome.StdoutText);
    }

    [Fact]
    public async Task RunAsync_NoEnvironment_InheritsThisProcess()
    {
        var outcome = await Sh("echo \"$HOME\"");

        Assert.Equal((Environment.GetEnvironmentVariable("HOME") ?? "") + "\n", outcome.StdoutText);
    }

    [Fact]
    public async Task RunAsync_WorkingDirectory_IsUsed()
    {
        var dir = Directory.CreateTempSubdirectory("crimesh-run-").FullName;
        try
        {
            var outcome = await ProcessRunner.RunAsync(new ProcessSpec("pwd", []) { WorkingDirectory = dir, Timeout = Long }, CancellationToken.None);

            Assert.Equal(dir + "\n", outcome.StdoutText);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public async Task RunAsync_SignalsAreDefaultInChild_SigpipeEndsWriterSilently()
    {
        var outcome = await Sh("yes | head -c 10 >/dev/null; echo done");

        Assert.Equal("done\n", outcome.StdoutText);
        Assert.Equal("", outcome.StderrText);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsGroupAndThrows()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sh("sleep 600", ct: cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("no-such-program-crimesh", ErrorKind.FailedPrecondition)]
    [InlineData("/nonexistent/dir/prog", ErrorKind.FailedPrecondition)]
    [InlineData("", ErrorKind.InvalidArgument)]
    [InlineData("a\0b", ErrorKind.InvalidArgument)]
    public async Task RunAsync_BadProgram_ThrowsWithKind(string program, ErrorKind kind)
    {
        var e = await Assert.ThrowsAsync<CriMeshException>(() => ProcessRunner.RunAsync(new ProcessSpec(program, []), CancellationToken.None));

        Assert.Equal(kind, e.Kind);
    }

    [Fact]
    public async Task RunAsync_BadEnvironmentKey_ThrowsInvalidArgument()
    {
        var spec = new ProcessSpec("true", []) { Environment = new Dictionary<string, string> { ["A=B"] = "1" } };

        var e = await Assert.ThrowsAsync<CriMeshException>(() => ProcessRunner.RunAsync(spec, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task RunAsync_ConcurrentRuns_EachGetsItsOwnOutput()
    {
        var runs = Enumerable.Range(0, 24).Select(i =>
            ProcessRunner.RunAsync(new ProcessSpec("/bin/sh", ["-c", "echo $0; exit $(($0 % 5))", i.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            { Timeout = Long }, CancellationToken.None)).ToArray();

        var outcomes = await Task.WhenAll(runs);

        for (var i = 0; i < outcomes.Length; i++)
        {
            Assert.Equal($"{i}\n", outcomes[i].StdoutText);
            Assert.Equal(i % 5, outcomes[i].ExitCode);
        }
    }

    [Fact]
    public async Task RunAsync_ChildInheritsNoOtherDescriptors()
    {
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec("ls", ["-1", "/proc/self/fd"]) { Timeout = Long }, CancellationToken.None);

        var fds = outcome.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToList();
        // 0, 1, 2 and the one ls opened to read the directory.
        Assert.True(fds.SequenceEqual(["0", "1", "2", "3"]), outcome.StdoutText);
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat))
            {
                return true;
            }
            try
            {
                var text = await File.ReadAllTextAsync(stat, Encoding.ASCII);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }
}
