using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>Reaping children.</summary>
public static partial class Libc
{
    public const int WNOHANG = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);
}
