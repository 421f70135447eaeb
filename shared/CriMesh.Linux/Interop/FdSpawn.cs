using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>
/// posix_spawn(3) with file actions, for children that must receive extra descriptors at fixed numbers
/// (the conmon monitor reads its sync pipe from the fd named in <c>_OCI_SYNCPIPE</c>), which
/// System.Diagnostics.Process cannot hand over. Every fd this process opens is O_CLOEXEC, so a child gets
/// exactly its stdio plus the descriptors listed in <see cref="SpawnRequest.ExtraFds"/>. (A class of its own
/// beside <c>Libc</c>: the shared ProcessRunner's spawner has no way to pass extra descriptors.)
/// </summary>
public static partial class FdSpawn
{
    private const short POSIX_SPAWN_SETSIGDEF = 0x04;
    private const short POSIX_SPAWN_SETSIGMASK = 0x08;

    // glibc x86_64/aarch64: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128;
    // the buffers are generously larger.
    private const int OpaqueSize = 1024;

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static unsafe partial int Pipe2Raw(int* fds, int flags);

    /// <summary>pipe2(2) with O_CLOEXEC: (read end, write end).</summary>
    public static unsafe (SafeFd Read, SafeFd Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Libc.Check(Pipe2Raw(fds, Libc.O_CLOEXEC), "pipe2");
        return (new SafeFd(fds[0]), new SafeFd(fds[1]));
    }

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadRaw(int fd, byte* buffer, nuint count);

    /// <summary>read(2) into <paramref name="buffer"/>, retried on EINTR; returns the count (0 at EOF).</summary>
    public static unsafe int Read(SafeFd fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = (long)ReadRaw(fd.Fd, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }
                if (Marshal.GetLastPInvokeError() != Libc.EINTR)
                {
                    Libc.Check(n, "read");
                }
            }
        }
    }

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(nint actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(nint actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_adddup2(nint actions, int fd, int newFd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn_file_actions_addchdir_np(nint actions, string path);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_init(nint attr);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_destroy(nint attr);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_setflags(nint attr, short flags);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_setsigmask(nint attr, nint sigset);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_setsigdefault(nint attr, nint sigset);

    [LibraryImport("libc")]
    private static partial int sigemptyset(nint sigset);

    [LibraryImport("libc")]
    private static partial int sigfillset(nint sigset);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn(out int pid, string path, nint actions, nint attr, nint argv, nint envp);

    /// <summary>
    /// Starts <see cref="SpawnRequest.Path"/> with default signal dispositions and an empty signal mask;
    /// returns its PID. The caller reaps it (waitpid).
    /// </summary>
    public static int Spawn(SpawnRequest request)
    {
        var actions = Marshal.AllocHGlobal(OpaqueSize);
        var attr = Marshal.AllocHGlobal(OpaqueSize);
        var sigset = Marshal.AllocHGlobal(OpaqueSize);
        var argv = NullTerminated([request.Path, .. request.Arguments]);
        var envp = NullTerminated(request.Environment);
        try
        {
            SpawnCheck(posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init", request.Path);
            SpawnCheck(posix_spawnattr_init(attr), "posix_spawnattr_init", request.Path);
            try
            {
                foreach (var (fd, target) in request.ExtraFds)
                {
                    SpawnCheck(posix_spawn_file_actions_adddup2(actions, fd.Fd, target), "posix_spawn_file_actions_adddup2", request.Path);
                }
                if (request.WorkingDirectory is { } cwd)
                {
                    SpawnCheck(posix_spawn_file_actions_addchdir_np(actions, cwd), "posix_spawn_file_actions_addchdir_np", cwd);
                }
                sigemptyset(sigset);
                SpawnCheck(posix_spawnattr_setsigmask(attr, sigset), "posix_spawnattr_setsigmask", request.Path);
                sigfillset(sigset);
                SpawnCheck(posix_spawnattr_setsigdefault(attr, sigset), "posix_spawnattr_setsigdefault", request.Path);
                SpawnCheck(posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK), "posix_spawnattr_setflags", request.Path);
                SpawnCheck(posix_spawn(out var pid, request.Path, actions, attr, argv.Array, envp.Array), "posix_spawn", request.Path);
                GC.KeepAlive(request.ExtraFds);
                return pid;
            }
            finally
            {
                posix_spawnattr_destroy(attr);
                posix_spawn_file_actions_destroy(actions);
            }
        }
        finally
        {
            argv.Free();
            envp.Free();
            Marshal.FreeHGlobal(sigset);
            Marshal.FreeHGlobal(attr);
            Marshal.FreeHGlobal(actions);
        }
    }

    /// <summary>posix_spawn functions return the error number instead of setting errno.</summary>
    private static void SpawnCheck(int error, string operation, string path)
    {
        if (error != 0)
        {
            throw new SyscallException(operation, path, error);
        }
    }

    private static NativeStrings NullTerminated(IReadOnlyList<string> values)
    {
        var array = Marshal.AllocHGlobal(IntPtr.Size * (values.Count + 1));
        var strings = new nint[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            strings[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            Marshal.WriteIntPtr(array, i * IntPtr.Size, strings[i]);
        }
        Marshal.WriteIntPtr(array, values.Count * IntPtr.Size, 0);
        return new NativeStrings(array, strings);
    }

    private readonly record struct NativeStrings(nint Array, nint[] Strings)
    {
        public void Free()
        {
            foreach (var s in Strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
            Marshal.FreeHGlobal(Array);
        }
    }
}

/// <summary>What <see cref="FdSpawn.Spawn"/> starts.</summary>
/// <param name="Path">Absolute path of the executable.</param>
/// <param name="Arguments">argv[1..].</param>
/// <param name="Environment">The complete environment, "KEY=VALUE" each.</param>
/// <param name="ExtraFds">Descriptors to install in the child at the given numbers (0, 1, 2 for stdio).</param>
/// <param name="WorkingDirectory">The child's working directory; null keeps this process's.</param>
public sealed record SpawnRequest(
    string Path,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> Environment,
    IReadOnlyList<(SafeFd Fd, int Target)> ExtraFds,
    string? WorkingDirectory = null);
