using System.Runtime.InteropServices;
using System.Text;
using CriMesh.Linux.Interop;

namespace CriMesh.Linux.Processes;

/// <summary>
/// Starts a program with posix_spawn(3) in a process group of its own (its PGID is its PID), so that the
/// whole group — the program and whatever it forked — can be signalled at once with kill(-pid). Signal
/// dispositions the runtime set (SIGPIPE ignored, handlers) are reset to default and the signal mask is
/// cleared, as an exec from a shell would leave them. Only fds 0, 1 and 2, plus the extra descriptors a caller
/// installs at fixed numbers (the conmon monitor reads its sync pipe from fd 3), are inherited: every other fd
/// is closed in the child (closefrom(3)), including ones opened without O_CLOEXEC such as socket-activation fds.
/// </summary>
public static unsafe class ProcessSpawner
{
    /// <summary>
    /// Spawns <paramref name="path"/> (an absolute path: nothing searches PATH here) with the full
    /// <paramref name="argv"/> (argv[0] included) and the complete environment <paramref name="envp"/>
    /// ("KEY=value"). <paramref name="stdinFd"/> -1 gives the child /dev/null. Each of <paramref name="extraFds"/>
    /// is installed in the child at its <c>Target</c> number (3 or above, each once); a source fd may not be
    /// the target of an earlier dup (stdio first, then the extras in order), since the child would receive the
    /// wrong file. Returns the PID.
    /// </summary>
    public static int Spawn(
        string path,
        IReadOnlyList<string> argv,
        IReadOnlyList<string> envp,
        string? workingDirectory,
        int stdinFd,
        int stdoutFd,
        int stderrFd,
        IReadOnlyList<(int Fd, int Target)>? extraFds = null)
    {
        extraFds ??= [];
        CheckExtraFds(stdinFd, stdoutFd, stderrFd, extraFds);
        using var strings = new NativeStrings();
        var attributes = NativeMemory.AllocZeroed(Libc.SpawnObjectSize);
        var actions = NativeMemory.AllocZeroed(Libc.SpawnObjectSize);
        var sigsets = (byte*)NativeMemory.AllocZeroed(2 * Libc.SigsetSize);
        try
        {
            Libc.CheckReturned(Libc.PosixSpawnattrInit(attributes), "posix_spawnattr_init");
            Libc.CheckReturned(Libc.PosixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init");
            try
            {
                ConfigureAttributes(attributes, sigsets);
                ConfigureFileActions(actions, strings, workingDirectory, stdinFd, stdoutFd, stderrFd, extraFds);
                var argvPtr = strings.Array(argv);
                var envpPtr = strings.Array(envp);
                var error = Libc.PosixSpawn(out var pid, strings.Add(path), actions, attributes, argvPtr, envpPtr);
                Libc.CheckReturned(error, "posix_spawn", path);
                return pid;
            }
            finally
            {
                _ = Libc.PosixSpawnFileActionsDestroy(actions);
                _ = Libc.PosixSpawnattrDestroy(attributes);
            }
        }
        finally
        {
            NativeMemory.Free(sigsets);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
        }
    }

    private static void ConfigureAttributes(void* attributes, byte* sigsets)
    {
        var defaults = sigsets;
        var mask = sigsets + Libc.SigsetSize;
        Libc.Check(Libc.Sigemptyset(defaults), "sigemptyset");
        Libc.Check(Libc.Sigemptyset(mask), "sigemptyset");
        // Every catchable signal back to SIG_DFL (glibc refuses its two internal ones; that is fine).
        for (var signal = 1; signal <= 64; signal++)
        {
            if (signal is not Libc.SIGKILL and not Libc.SIGSTOP)
            {
                _ = Libc.Sigaddset(defaults, signal);
            }
        }
        Libc.CheckReturned(Libc.PosixSpawnattrSetsigdefault(attributes, defaults), "posix_spawnattr_setsigdefault");
        Libc.CheckReturned(Libc.PosixSpawnattrSetsigmask(attributes, mask), "posix_spawnattr_setsigmask");
        Libc.CheckReturned(Libc.PosixSpawnattrSetpgroup(attributes, 0), "posix_spawnattr_setpgroup");
        const short flags = Libc.POSIX_SPAWN_SETPGROUP | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK;
        Libc.CheckReturned(Libc.PosixSpawnattrSetflags(attributes, flags), "posix_spawnattr_setflags");
    }

    /// <summary>
    /// The dups run in order (0, 1, 2, then the extras): a source fd that an earlier dup has already
    /// replaced in the child would hand over the wrong file, so it is refused, as is a target used twice.
    /// </summary>
    private static void CheckExtraFds(int stdinFd, int stdoutFd, int stderrFd, IReadOnlyList<(int Fd, int Target)> extraFds)
    {
        var sourceAt = new Dictionary<int, int> { [0] = stdinFd };
        foreach (var (fd, target) in new[] { (stdoutFd, 1), (stderrFd, 2) }.Concat(extraFds))
        {
            if (fd < 0 || sourceAt.TryGetValue(fd, out var source) && source != fd)
            {
                throw new ArgumentException($"fd {fd} cannot go to {target} in the child: an earlier dup replaces it there", nameof(extraFds));
            }
            if (target < 1 || !sourceAt.TryAdd(target, fd))
            {
                throw new ArgumentException($"fd {target} is installed twice in the child (extra fds go to 3 and above)", nameof(extraFds));
            }
        }
    }

    private static void ConfigureFileActions(
        void* actions, NativeStrings strings, string? workingDirectory, int stdinFd, int stdoutFd, int stderrFd,
        IReadOnlyList<(int Fd, int Target)> extraFds)
    {
        if (stdinFd < 0)
        {
            Libc.CheckReturned(Libc.PosixSpawnFileActionsAddopen(actions, 0, strings.Add("/dev/null"), Libc.O_RDONLY, 0),
                "posix_spawn_file_actions_addopen", "/dev/null");
        }
        else
        {
            Libc.CheckReturned(Libc.PosixSpawnFileActionsAdddup2(actions, stdinFd, 0), "posix_spawn_file_actions_adddup2");
        }
        Libc.CheckReturned(Libc.PosixSpawnFileActionsAdddup2(actions, stdoutFd, 1), "posix_spawn_file_actions_adddup2");
        Libc.CheckReturned(Libc.PosixSpawnFileActionsAdddup2(actions, stderrFd, 2), "posix_spawn_file_actions_adddup2");
        foreach (var (fd, target) in extraFds)
        {
            Libc.CheckReturned(Libc.PosixSpawnFileActionsAdddup2(actions, fd, target), "posix_spawn_file_actions_adddup2");
        }
        // Fds opened without O_CLOEXEC (socket-activation fds, a library's) must not reach the child either.
        var firstUnused = extraFds.Count == 0 ? 3 : extraFds.Max(e => e.Target) + 1;
        Libc.CheckReturned(Libc.PosixSpawnFileActionsAddclosefrom(actions, firstUnused), "posix_spawn_file_actions_addclosefrom_np");
        if (workingDirectory is not null)
        {
            Libc.CheckReturned(Libc.PosixSpawnFileActionsAddchdir(actions, strings.Add(workingDirectory)),
                "posix_spawn_file_actions_addchdir_np", workingDirectory);
        }
    }

    /// <summary>NUL-terminated UTF-8 copies of managed strings, freed together.</summary>
    private sealed class NativeStrings : IDisposable
    {
        private readonly List<nint> _blocks = [];

        public byte* Add(string value)
        {
            var count = Encoding.UTF8.GetByteCount(value);
            var block = (byte*)NativeMemory.Alloc((nuint)count + 1);
            _blocks.Add((nint)block);
            Encoding.UTF8.GetBytes(value, new Span<byte>(block, count));
            block[count] = 0;
            return block;
        }

        public byte** Array(IReadOnlyList<string> values)
        {
            var array = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(byte*));
            _blocks.Add((nint)array);
            for (var i = 0; i < values.Count; i++)
            {
                array[i] = Add(values[i]);
            }
            return array;
        }

        public void Dispose()
        {
            foreach (var block in _blocks)
            {
                NativeMemory.Free((void*)block);
            }
        }
    }
}
