using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>
/// The libc calls .NET does not wrap. Every import uses the C name and SetLastError; callers go through
/// <see cref="Check(int, string, string?)"/> so a failure always carries the errno name and the path.
/// Other features add their imports in further partial files (Libc.Mount.cs, Libc.Namespaces.cs, ...).
/// </summary>
public static partial class Libc
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int EMLINK = 31;
    public const int ENAMETOOLONG = 36;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int ENODATA = 61;
    public const int EOPNOTSUPP = 95;

    /// <summary>Throws <see cref="SyscallException"/> when <paramref name="result"/> is -1; returns it otherwise.</summary>
    public static int Check(int result, string operation, string? path = null)
    {
        if (result == -1)
        {
            throw new SyscallException(operation, path, Marshal.GetLastPInvokeError());
        }
        return result;
    }

    /// <summary>64-bit variant of <see cref="Check(int, string, string?)"/>.</summary>
    public static long Check(long result, string operation, string? path = null)
    {
        if (result == -1)
        {
            throw new SyscallException(operation, path, Marshal.GetLastPInvokeError());
        }
        return result;
    }

    /// <summary>The symbolic errno name (<c>ENOENT</c>), or <c>errno N</c> for one not in the table.</summary>
    public static string ErrnoName(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ESRCH => "ESRCH",
        EINTR => "EINTR",
        EIO => "EIO",
        EAGAIN => "EAGAIN",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        EXDEV => "EXDEV",
        ENOTDIR => "ENOTDIR",
        EISDIR => "EISDIR",
        EINVAL => "EINVAL",
        ENOSPC => "ENOSPC",
        EROFS => "EROFS",
        EMLINK => "EMLINK",
        ENAMETOOLONG => "ENAMETOOLONG",
        ENOTEMPTY => "ENOTEMPTY",
        ELOOP => "ELOOP",
        ENODATA => "ENODATA",
        EOPNOTSUPP => "EOPNOTSUPP",
        _ => $"errno {errno}",
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
