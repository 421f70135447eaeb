using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>struct statvfs on 64-bit Linux (glibc).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct StatvfsBuffer
{
    public ulong BlockSize;
    public ulong FragmentSize;
    public ulong Blocks;
    public ulong BlocksFree;
    public ulong BlocksAvailable;
    public ulong Files;
    public ulong FilesFree;
    public ulong FilesAvailable;
    public ulong FsId;
    public ulong Flags;
    public ulong NameMax;
    private readonly int spare0;
    private readonly int spare1;
    private readonly int spare2;
    private readonly int spare3;
    private readonly int spare4;
    private readonly int spare5;
}
