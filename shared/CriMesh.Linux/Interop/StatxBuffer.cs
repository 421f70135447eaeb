using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>struct statx (linux/stat.h): the same layout on every architecture.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
public struct StatxBuffer
{
    [FieldOffset(0)] public uint Mask;
    [FieldOffset(4)] public uint BlockSize;
    [FieldOffset(16)] public uint Nlink;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Ino;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(48)] public ulong Blocks;
    [FieldOffset(112)] public long MtimeSeconds;
    [FieldOffset(120)] public uint MtimeNanoseconds;
    [FieldOffset(128)] public uint RdevMajor;
    [FieldOffset(132)] public uint RdevMinor;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;

    /// <summary>The file type bits of <see cref="Mode"/> (S_IFREG, S_IFDIR, ...).</summary>
    public readonly int FileType => Mode & Libc.S_IFMT;
}
