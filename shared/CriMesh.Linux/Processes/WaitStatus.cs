using System.Runtime.InteropServices;
using CriMesh.Linux.Interop;

namespace CriMesh.Linux.Processes;

/// <summary>
/// How a child ended, decoded from a waitpid(2) status word: an exit code, or the signal that killed it.
/// </summary>
public readonly record struct WaitStatus(int ExitCode, int Signal)
{
    /// <summary>Decodes the status word (WIFEXITED / WEXITSTATUS / WTERMSIG).</summary>
    public static WaitStatus FromRaw(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? new WaitStatus((status >> 8) & 0xff, 0) : new WaitStatus(128 + signal, signal);
    }

    /// <summary>
    /// Blocks the calling thread until child <paramref name="pid"/> ends and reaps it. Run it on a thread of
    /// its own (not the thread pool): it may block for as long as the child runs.
    /// </summary>
    public static WaitStatus WaitBlocking(int pid)
    {
        while (true)
        {
            if (Libc.waitpid(pid, out var status, 0) == pid)
            {
                return FromRaw(status);
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR)
            {
                throw new SyscallException("waitpid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
            }
        }
    }
}
