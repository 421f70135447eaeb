using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CriMesh.Linux.Interop;

/// <summary>Extended attributes: set and read on an fd or, without following a final symlink, on a path.</summary>
public static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "fsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Fsetxattr(SafeFileHandle fd, string name, ReadOnlySpan<byte> value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Lsetxattr(string path, string name, ReadOnlySpan<byte> value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LgetxattrRaw(string path, string name, Span<byte> value, nuint size);

    /// <summary>The value of xattr <paramref name="name"/> on <paramref name="path"/> (final symlink not followed), or null when absent.</summary>
    public static byte[]? Lgetxattr(string path, string name)
    {
        Span<byte> buffer = stackalloc byte[4096];
        var n = (long)LgetxattrRaw(path, name, buffer, (nuint)buffer.Length);
        if (n == -1 && Marshal.GetLastPInvokeError() == ENODATA)
        {
            return null;
        }
        Check(n, "lgetxattr " + name, path);
        return buffer[..(int)n].ToArray();
    }
}
