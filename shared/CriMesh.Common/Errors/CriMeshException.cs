namespace CriMesh.Common.Errors;

/// <summary>
/// The exception domain code throws. Its message goes on the wire as the gRPC status detail, so it is
/// lowercase, carries every argument, and never holds a stack trace.
/// </summary>
public sealed class CriMeshException : Exception
{
    public CriMeshException(ErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public ErrorKind Kind { get; }

    public static CriMeshException NotFound(string message) => new(ErrorKind.NotFound, message);

    public static CriMeshException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}
