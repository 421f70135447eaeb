using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>Process attributes.</summary>
public static partial class Libc
{
    public const int PR_SET_CHILD_SUBREAPER = 36;
    public const int PR_GET_CHILD_SUBREAPER = 37;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    /// <summary>
    /// Makes this process the reaper of its orphaned descendants, so a killed process whose parent exits
    /// is reaped here at once instead of waiting for a slow PID 1.
    /// </summary>
    public static void BecomeChildSubreaper() =>
        Check(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl(PR_SET_CHILD_SUBREAPER)");
}
