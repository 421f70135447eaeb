using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CriMesh.Linux.Interop;

/// <summary>setns(2) and sethostname(2), for pinning a pod's shared namespaces on a dedicated thread.</summary>
public static partial class Libc
{
    public const int CLONE_NEWUTS = 0x04000000;
    public const int CLONE_NEWIPC = 0x08000000;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int Setns(SafeFileHandle fd, int nstype);

    [LibraryImport("libc", EntryPoint = "sethostname", SetLastError = true)]
    public static partial int Sethostname(byte[] name, nuint length);
}
