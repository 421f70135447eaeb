using System.Text;
using CriMesh.Linux.Interop;
using CriMesh.Linux.Processes;

namespace CriMesh.Common.Tests.Processes;

/// <summary>ProcessSpawner's extra descriptors: installed at their numbers, nothing else inherited, clobbering refused.</summary>
public sealed class ProcessSpawnerTests
{
    private static readonly string[] Env = ["PATH=/usr/bin:/bin"];

    [Fact]
    public async Task Spawn_ExtraFd_ChildWritesToItAndHoldsNoOtherFd()
    {
        var (read, write) = Libc.Pipe();
        using var readEnd = read;
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        var nullFd = (int)devNull.DangerousGetHandle();
        int pid;
        using (write)
        {
            // Lists which of fds 4-63 the shell holds (stat only: a directory listing would open one), on fd 3.
            const string script = "n=4; l=''; while [ $n -lt 64 ]; do [ -e /proc/$$/fd/$n ] && l=\"$l $n\"; n=$((n+1)); done; echo \"via-3$l\" >&3";
            pid = ProcessSpawner.Spawn("/bin/sh", ["sh", "-c", script], Env, null,
                stdinFd: -1, stdoutFd: nullFd, stderrFd: nullFd, extraFds: [(write.Fd, 3)]);
        }
        var status = await Task.Factory.StartNew(() => WaitStatus.WaitBlocking(pid), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, status.ExitCode);
        Assert.Equal("via-3\n", ReadAll(readEnd));
    }

    [Fact]
    public void Spawn_SourceReplacedByEarlierDup_IsRefused()
    {
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        var nullFd = (int)devNull.DangerousGetHandle();

        // fd 1 would already hold /dev/null in the child when it is copied to 3.
        var clobbered = Assert.Throws<ArgumentException>(() => ProcessSpawner.Spawn("/bin/true", ["true"], Env, null,
            stdinFd: -1, stdoutFd: nullFd, stderrFd: nullFd, extraFds: [(1, 3)]));
        var twice = Assert.Throws<ArgumentException>(() => ProcessSpawner.Spawn("/bin/true", ["true"], Env, null,
            stdinFd: -1, stdoutFd: nullFd, stderrFd: nullFd, extraFds: [(nullFd, 2)]));

        Assert.Contains("earlier dup", clobbered.Message, StringComparison.Ordinal);
        Assert.Contains("installed twice", twice.Message, StringComparison.Ordinal);
    }

    private static string ReadAll(SafeFd fd)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        for (var i = 0; i < 1000 && length < buffer.Length; i++)
        {
            var n = Libc.Read(fd, buffer.AsSpan(length));
            if (n == 0)
            {
                break;
            }
            length += n;
        }
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
