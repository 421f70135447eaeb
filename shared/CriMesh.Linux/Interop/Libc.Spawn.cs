using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>
/// posix_spawn(3) and its attribute and file-action helpers (glibc), pipe2(2) and the signal-set calls.
/// The attribute and file-action objects are opaque; <see cref="SpawnObjectSize"/> bytes hold either
/// (glibc uses 336 and 80 on 64-bit targets).
/// </summary>
public static unsafe partial class Libc
{
    public const int SpawnObjectSize = 1024;
    public const int SigsetSize = 128;

    public const short POSIX_SPAWN_SETPGROUP = 0x02;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGSTOP = 19;

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    public static partial int PosixSpawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static partial int PosixSpawnattrInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int PosixSpawnattrDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int PosixSpawnattrSetflags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    public static partial int PosixSpawnattrSetpgroup(void* attributes, int pgroup);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int PosixSpawnattrSetsigdefault(void* attributes, void* sigset);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int PosixSpawnattrSetsigmask(void* attributes, void* sigset);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int PosixSpawnFileActionsInit(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int PosixSpawnFileActionsDestroy(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int PosixSpawnFileActionsAdddup2(void* fileActions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int PosixSpawnFileActionsAddopen(void* fileActions, int fd, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static partial int PosixSpawnFileActionsAddchdir(void* fileActions, byte* path);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    public static partial int PosixSpawnFileActionsAddclosefrom(void* fileActions, int from);

    [LibraryImport("libc", EntryPoint = "sigemptyset", SetLastError = true)]
    public static partial int Sigemptyset(void* sigset);

    [LibraryImport("libc", EntryPoint = "sigaddset", SetLastError = true)]
    public static partial int Sigaddset(void* sigset, int signal);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(int* fds, int flags);

    /// <summary>pipe2(2) with O_CLOEXEC: a read end and a write end, neither inherited by an exec.</summary>
    public static (SafeFd Read, SafeFd Write) Pipe()
    {
        var fds = stackalloc int[2];
        Check(Pipe2(fds, O_CLOEXEC), "pipe2");
        return (new SafeFd(fds[0]), new SafeFd(fds[1]));
    }

    /// <summary>Throws <see cref="SyscallException"/> for a non-zero error number returned (not set in errno) by a call.</summary>
    public static void CheckReturned(int error, string operation, string? path = null)
    {
        if (error != 0)
        {
            throw new SyscallException(operation, path, error);
        }
    }
}
