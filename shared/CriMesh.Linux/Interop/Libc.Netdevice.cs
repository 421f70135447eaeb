using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>Network namespaces and interface flags: unshare(CLONE_NEWNET), socket(2), ioctl SIOC[GS]IFFLAGS.</summary>
public static partial class Libc
{
    /// <summary>unshare(2) flag: a new network namespace for the calling thread.</summary>
    public const int CLONE_NEWNET = 0x40000000;

    public const int AF_INET = 2;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_CLOEXEC = 0x80000;

    /// <summary>netdevice(7): get / set the active flag word of an interface.</summary>
    public const ulong SIOCGIFFLAGS = 0x8913;
    public const ulong SIOCSIFFLAGS = 0x8914;

    public const short IFF_UP = 0x1;

    /// <summary>sizeof(struct ifreq) on Linux: IFNAMSIZ (16) name bytes and a 24-byte union.</summary>
    public const int IfreqSize = 40;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketRaw(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlRaw(SafeFd fd, ulong request, ref byte argument);

    /// <summary>An AF_INET datagram socket in the calling thread's network namespace, for interface ioctls.</summary>
    public static SafeFd InetControlSocket() =>
        new(Check(SocketRaw(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket(AF_INET, SOCK_DGRAM)"));

    /// <summary>
    /// Sets IFF_UP on the interface <paramref name="name"/> of the namespace <paramref name="socket"/> lives in
    /// (netdevice(7): read the flags with SIOCGIFFLAGS, write them back with IFF_UP added).
    /// </summary>
    public static void InterfaceUp(SafeFd socket, string name)
    {
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length is 0 or > 15)
        {
            throw new ArgumentException($"interface name \"{name}\" must be 1-15 bytes", nameof(name));
        }
        var ifreq = new byte[IfreqSize];
        nameBytes.CopyTo(ifreq, 0);
        Check(IoctlRaw(socket, SIOCGIFFLAGS, ref ifreq[0]), "ioctl(SIOCGIFFLAGS)", name);
        var flags = (short)(BitConverter.ToInt16(ifreq, 16) | IFF_UP);
        BitConverter.TryWriteBytes(ifreq.AsSpan(16, 2), flags);
        Check(IoctlRaw(socket, SIOCSIFFLAGS, ref ifreq[0]), "ioctl(SIOCSIFFLAGS)", name);
    }
}
