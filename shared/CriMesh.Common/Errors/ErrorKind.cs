namespace CriMesh.Common.Errors;

/// <summary>
/// The one error vocabulary of CriMesh. Domain code throws <see cref="CriMeshException"/> with a kind;
/// the server interceptor maps the kind to a gRPC status and the client interceptor maps it back,
/// so a kind survives any number of daemon hops unchanged.
/// </summary>
public enum ErrorKind
{
    /// <summary>Anything not classified; maps to <c>Internal</c>.</summary>
    Internal = 0,
    /// <summary>The request is malformed; maps to <c>InvalidArgument</c>.</summary>
    InvalidArgument,
    /// <summary>The named object does not exist; maps to <c>NotFound</c>.</summary>
    NotFound,
    /// <summary>An object with that name or ID exists already; maps to <c>AlreadyExists</c>.</summary>
    AlreadyExists,
    /// <summary>The object is in a state that forbids the call (e.g. image in use); maps to <c>FailedPrecondition</c>.</summary>
    FailedPrecondition,
    /// <summary>A peer daemon or remote registry cannot be reached; maps to <c>Unavailable</c>.</summary>
    Unavailable,
    /// <summary>A deadline passed; maps to <c>DeadlineExceeded</c>.</summary>
    DeadlineExceeded,
    /// <summary>The caller gave up; maps to <c>Cancelled</c>.</summary>
    Cancelled,
    /// <summary>Credentials are missing or wrong; maps to <c>Unauthenticated</c>.</summary>
    Unauthenticated,
    /// <summary>Credentials are valid but not sufficient, or a registry is blocked; maps to <c>PermissionDenied</c>.</summary>
    PermissionDenied,
    /// <summary>The call is not implemented (yet, or for this input); maps to <c>Unimplemented</c>.</summary>
    Unimplemented,
    /// <summary>A limit was hit (disk, quota); maps to <c>ResourceExhausted</c>.</summary>
    ResourceExhausted,
    /// <summary>Data read back is corrupt (digest mismatch, truncated blob); maps to <c>DataLoss</c>.</summary>
    DataLoss,
    /// <summary>A conflict with a concurrent change; maps to <c>Aborted</c>.</summary>
    Aborted,
}
