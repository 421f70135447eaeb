namespace CriMesh.Linux.Interop;

/// <summary>A failed system call: the operation, the path it worked on, and the errno with its name.</summary>
public sealed class SyscallException : IOException
{
    public SyscallException(string operation, string? path, int errno)
        : base(Format(operation, path, errno))
    {
        Operation = operation;
        Path = path;
        Errno = errno;
        HResult = errno;
    }

    public string Operation { get; }

    public string? Path { get; }

    public int Errno { get; }

    /// <summary>The symbolic name of <see cref="Errno"/>, e.g. <c>ENOENT</c>.</summary>
    public string ErrnoName => Libc.ErrnoName(Errno);

    private static string Format(string operation, string? path, int errno) =>
        path is null
            ? $"{operation} failed: {Libc.ErrnoName(errno)}"
            : $"{operation} {path} failed: {Libc.ErrnoName(errno)}";
}
