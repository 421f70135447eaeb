using CriMesh.Common.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CriMesh.Common.Grpc;

/// <summary>
/// The client half of the error mapping: a status from a peer daemon becomes a
/// <see cref="CriMeshException"/> of the same kind, so a NotFound from imaged is still a NotFound
/// when the gateway answers kubelet. A peer that cannot be reached is named in the message, with the
/// socket path where nothing answers.
/// </summary>
public sealed class ClientErrorInterceptor(string peerName) : Interceptor
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        try
        {
            return continuation(request, context);
        }
        catch (RpcException e)
        {
            throw ToException(e, peerName);
        }
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(
            MapAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    /// <summary>Maps an <see cref="RpcException"/> from <paramref name="peer"/> back to its kind.</summary>
    public static CriMeshException ToException(RpcException e, string peer)
    {
        var kind = ErrorCodes.ToKind(e.StatusCode);
        var message = kind != ErrorKind.Unavailable ? e.Status.Detail
            : PeerUnreachableException.Find(e.Status.DebugException) is { } unreachable ? $"{peer} is unavailable: {unreachable.Message}"
            : $"{peer} is unavailable: {e.Status.Detail}";
        return new CriMeshException(kind, message, e);
    }

    private async Task<TResponse> MapAsync<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw ToException(e, peerName);
        }
    }
}
