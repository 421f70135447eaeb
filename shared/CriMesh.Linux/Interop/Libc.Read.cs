using System.Runtime.InteropServices;

namespace CriMesh.Linux.Interop;

/// <summary>read(2) on a raw descriptor (a pipe end that is no .NET stream).</summary>
public static unsafe partial class Libc
{
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadRaw(int fd, byte* buffer, nuint count);

    /// <summary>read(2) into <paramref name="buffer"/>, retried on EINTR; returns the count (0 at EOF).</summary>
    public static int Read(SafeFd fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = (long)ReadRaw(fd.Fd, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }
                if (Marshal.GetLastPInvokeError() != EINTR)
                {
                    Check(n, "read");
                }
            }
        }
    }
}
