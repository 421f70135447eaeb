using CriMesh.Common.Errors;
using CriMesh.Common.Grpc;
using CriMesh.Common.Tests.Protos;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CriMesh.Common.Tests.Errors;

/// <summary>
/// Both halves of the mapping over a real Kestrel on a Unix socket: a kind thrown in a service arrives
/// as the matching status on the wire and as the same kind at a CriMesh client.
/// </summary>
public sealed class ErrorInterceptorsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-errors-").FullName;
    private WebApplication? _app;

    private string SocketPath => Path.Combine(_dir, "faulty.sock");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(SocketPath, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddGrpc(o => o.Interceptors.Add<ServerErrorInterceptor>());
        _app = builder.Build();
        _app.MapGrpcService<FaultyService>();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(ErrorKind.NotFound, StatusCode.NotFound)]
    [InlineData(ErrorKind.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(ErrorKind.FailedPrecondition, StatusCode.FailedPrecondition)]
    [InlineData(ErrorKind.Unauthenticated, StatusCode.Unauthenticated)]
    [InlineData(ErrorKind.DataLoss, StatusCode.DataLoss)]
    public async Task Fail_KindThrown_ArrivesAsStatusAndMapsBack(ErrorKind kind, StatusCode code)
    {
        using var channel = UnixChannel.Create(SocketPath);
        var raw = new Faulty.FaultyClient(channel);
        var mapped = new Faulty.FaultyClient(UnixChannel.CreateInvoker(channel, "faulty"));
        var request = new FailRequest { Kind = kind.ToString(), Message = "image docker.io/x:1 not found" };

        var wire = await Assert.ThrowsAsync<RpcException>(async () => await raw.FailAsync(request));
        var back = await Assert.ThrowsAsync<CriMeshException>(async () => await mapped.FailAsync(request));

        Assert.Equal(code, wire.StatusCode);
        Assert.Equal("image docker.io/x:1 not found", wire.Status.Detail);
        Assert.Equal(kind, back.Kind);
        Assert.Equal("image docker.io/x:1 not found", back.Message);
    }

    [Fact]
    public async Task Fail_UnexpectedException_IsInternalWithoutStackTrace()
    {
        using var channel = UnixChannel.Create(SocketPath);
        var raw = new Faulty.FaultyClient(channel);

        var e = await Assert.ThrowsAsync<RpcException>(async () => await raw.FailAsync(new FailRequest { Kind = "unexpected", Message = "kaput" }));

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Contains("kaput", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("FaultyService", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_ServerCancelledAfterDeadline_IsDeadlineExceeded()
    {
        using var channel = UnixChannel.Create(SocketPath);
        var mapped = new Faulty.FaultyClient(UnixChannel.CreateInvoker(channel, "faulty"));

        var e = await Assert.ThrowsAsync<CriMeshException>(async () =>
            await mapped.FailAsync(new FailRequest { Kind = "hang" }, deadline: DateTime.UtcNow.AddMilliseconds(200)));

        Assert.Equal(ErrorKind.DeadlineExceeded, e.Kind);
    }

    [Fact]
    public async Task Fail_PeerDown_IsUnavailableNamingThePeer()
    {
        using var channel = UnixChannel.Create(Path.Combine(_dir, "nobody.sock"));
        var mapped = new Faulty.FaultyClient(UnixChannel.CreateInvoker(channel, "storaged"));

        var e = await Assert.ThrowsAsync<CriMeshException>(async () => await mapped.FailAsync(new FailRequest()));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Equal($"storaged is unavailable: nothing answers at {Path.Combine(_dir, "nobody.sock")} (no socket file there)", e.Message);
    }

    [Fact]
    public async Task Fail_StaleSocketFile_SaysNothingListens()
    {
        var path = Path.Combine(_dir, "stale.sock");
        // Bound but not listening: what a killed daemon's socket file looks like to a client (ECONNREFUSED).
        using var bound = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        bound.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        using var channel = UnixChannel.Create(path);
        var mapped = new Faulty.FaultyClient(UnixChannel.CreateInvoker(channel, "imaged"));

        var e = await Assert.ThrowsAsync<CriMeshException>(async () => await mapped.FailAsync(new FailRequest()));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.True(e.Message.StartsWith($"imaged is unavailable: nothing answers at {path} (connection refused", StringComparison.Ordinal), e.Message);
        Assert.DoesNotContain("localhost", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PeerUnavailableThenBack_Retries()
    {
        var calls = 0;

        var result = await PeerRetry.RunAsync(_ =>
        {
            calls++;
            return calls < 3
                ? throw new CriMeshException(ErrorKind.Unavailable, "netd is unavailable")
                : Task.FromResult(42);
        }, CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task RunAsync_PeerStaysDown_GivesUpAfterMaxWaitWithUnavailable()
    {
        var calls = 0;
        var started = Environment.TickCount64;

        var e = await Assert.ThrowsAsync<CriMeshException>(() => PeerRetry.RunAsync<int>(_ =>
        {
            calls++;
            throw new CriMeshException(ErrorKind.Unavailable, "imaged is unavailable");
        }, CancellationToken.None, TimeSpan.FromMilliseconds(500)));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.InRange(calls, 2, 10);
        Assert.True(Environment.TickCount64 - started < 5000, "retries must stop near maxWait");
    }

    [Fact]
    public async Task RunAsync_OtherKind_IsNotRetried()
    {
        var calls = 0;

        await Assert.ThrowsAsync<CriMeshException>(() => PeerRetry.RunAsync<int>(_ =>
        {
            calls++;
            throw CriMeshException.NotFound("x");
        }, CancellationToken.None));

        Assert.Equal(1, calls);
    }

    private sealed class FaultyService : Faulty.FaultyBase
    {
        public override async Task<FailReply> Fail(FailRequest request, ServerCallContext context)
        {
            switch (request.Kind)
            {
                case "":
                    return new FailReply();
                case "unexpected":
                    throw new InvalidOperationException(request.Message);
                case "hang":
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                    return new FailReply();
                default:
                    throw new CriMeshException(Enum.Parse<ErrorKind>(request.Kind), request.Message);
            }
        }
    }
}
