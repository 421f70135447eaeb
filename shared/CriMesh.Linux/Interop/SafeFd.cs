using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>An owned file descriptor, closed exactly once.</summary>
public sealed class SafeFd : SafeHandle
{
    public SafeFd()
        : base(-1, ownsHandle: true)
    {
    }

    public SafeFd(int fd, bool ownsHandle = true)
        : base(-1, ownsHandle)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Fd => (int)handle.ToInt64();

    /// <summary>Gives up ownership: returns the descriptor, which this object will no longer close.</summary>
    public int Detach()
    {
        var fd = Fd;
        SetHandleAsInvalid();
        return fd;
    }

    protected override bool ReleaseHandle() => Libc.close((int)handle.ToInt64()) == 0;
}
