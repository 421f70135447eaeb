using CriMesh.Linux.Interop;
using Grpc.Core;

namespace CriMesh.Common.Errors;

/// <summary>The single table between <see cref="ErrorKind"/> and gRPC <see cref="StatusCode"/>, both ways.</summary>
public static class ErrorCodes
{
    public static StatusCode ToStatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        ErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        ErrorKind.Cancelled => StatusCode.Cancelled,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.Unimplemented => StatusCode.Unimplemented,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.DataLoss => StatusCode.DataLoss,
        ErrorKind.Aborted => StatusCode.Aborted,
        _ => StatusCode.Internal,
    };

    public static ErrorKind ToKind(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => ErrorKind.InvalidArgument,
        StatusCode.NotFound => ErrorKind.NotFound,
        StatusCode.AlreadyExists => ErrorKind.AlreadyExists,
        StatusCode.FailedPrecondition => ErrorKind.FailedPrecondition,
        StatusCode.Unavailable => ErrorKind.Unavailable,
        StatusCode.DeadlineExceeded => ErrorKind.DeadlineExceeded,
        StatusCode.Cancelled => ErrorKind.Cancelled,
        StatusCode.Unauthenticated => ErrorKind.Unauthenticated,
        StatusCode.PermissionDenied => ErrorKind.PermissionDenied,
        StatusCode.Unimplemented => ErrorKind.Unimplemented,
        StatusCode.ResourceExhausted => ErrorKind.ResourceExhausted,
        StatusCode.DataLoss => ErrorKind.DataLoss,
        StatusCode.Aborted => ErrorKind.Aborted,
        _ => ErrorKind.Internal,
    };

    /// <summary>
    /// Turns any exception into the status that goes on the wire: kinds map through the table,
    /// cancellation becomes Cancelled or DeadlineExceeded, anything else Internal with a short message
    /// and never a stack trace.
    /// </summary>
    public static Status ToStatus(Exception exception, bool deadlinePassed) => exception switch
    {
        CriMeshException e => new Status(ToStatusCode(e.Kind), e.Message),
        RpcException e => e.Status,
        OperationCanceledException when deadlinePassed => new Status(StatusCode.DeadlineExceeded, "deadline exceeded"),
        OperationCanceledException => new Status(StatusCode.Cancelled, "call cancelled"),
        TimeoutException e => new Status(StatusCode.DeadlineExceeded, e.Message),
        SyscallException { Errno: Libc.ENOSPC } e => new Status(StatusCode.ResourceExhausted, e.Message),
        SyscallException e => new Status(StatusCode.Internal, e.Message),
        _ => new Status(StatusCode.Internal, $"internal error: {exception.GetType().Name}: {exception.Message}"),
    };
}
