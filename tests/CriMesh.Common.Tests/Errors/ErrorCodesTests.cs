using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;
using Grpc.Core;

namespace CriMesh.Common.Tests.Errors;

public sealed class ErrorCodesTests
{
    [Theory]
    [InlineData(ErrorKind.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(ErrorKind.NotFound, StatusCode.NotFound)]
    [InlineData(ErrorKind.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(ErrorKind.FailedPrecondition, StatusCode.FailedPrecondition)]
    [InlineData(ErrorKind.Unavailable, StatusCode.Unavailable)]
    [InlineData(ErrorKind.DeadlineExceeded, StatusCode.DeadlineExceeded)]
    [InlineData(ErrorKind.Cancelled, StatusCode.Cancelled)]
    [InlineData(ErrorKind.Unauthenticated, StatusCode.Unauthenticated)]
    [InlineData(ErrorKind.PermissionDenied, StatusCode.PermissionDenied)]
    [InlineData(ErrorKind.Unimplemented, StatusCode.Unimplemented)]
    [InlineData(ErrorKind.ResourceExhausted, StatusCode.ResourceExhausted)]
    [InlineData(ErrorKind.DataLoss, StatusCode.DataLoss)]
    [InlineData(ErrorKind.Aborted, StatusCode.Aborted)]
    [InlineData(ErrorKind.Internal, StatusCode.Internal)]
    public void ToStatusCode_EachKind_MapsAndMapsBack(ErrorKind kind, StatusCode code)
    {
        Assert.Equal(code, ErrorCodes.ToStatusCode(kind));
        Assert.Equal(kind, ErrorCodes.ToKind(code));
    }

    [Fact]
    public void ToKind_EveryStatusCode_HasAKind()
    {
        foreach (var code in Enum.GetValues<StatusCode>())
        {
            var kind = ErrorCodes.ToKind(code);
            Assert.True(Enum.IsDefined(kind));
        }
    }

    [Fact]
    public void ToStatus_Cancellation_IsCancelledOrDeadlineExceeded()
    {
        Assert.Equal(StatusCode.Cancelled, ErrorCodes.ToStatus(new OperationCanceledException(), deadlinePassed: false).StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, ErrorCodes.ToStatus(new OperationCanceledException(), deadlinePassed: true).StatusCode);
    }

    [Fact]
    public void ToStatus_UnexpectedException_IsInternalWithoutStackTrace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var status = ErrorCodes.ToStatus(thrown, deadlinePassed: false);

        Assert.Equal(StatusCode.Internal, status.StatusCode);
        Assert.Contains("boom", status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Libc.ENOSPC, StatusCode.ResourceExhausted)]
    [InlineData(Libc.EIO, StatusCode.Internal)]
    public void ToStatus_SyscallException_KeepsErrnoName(int errno, StatusCode code)
    {
        var status = ErrorCodes.ToStatus(new SyscallException("write", "/x", errno), deadlinePassed: false);

        Assert.Equal(code, status.StatusCode);
        Assert.Contains(Libc.ErrnoName(errno), status.Detail, StringComparison.Ordinal);
        Assert.Contains("/x", status.Detail, StringComparison.Ordinal);
    }
}
