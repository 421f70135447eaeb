using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CriMesh.Ctl.Tests.Fakes;

/// <summary>
/// An in-process gRPC server on real Unix sockets in a temporary run dir: crimesh.sock serves the fake
/// CRI services, storaged.sock the fake storaged. Lets the CLI run end to end without the daemons.
/// </summary>
internal sealed class FakeNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeNode(string runDir, WebApplication app, FakeRuntime runtime, FakeImages images, FakeStoraged storaged)
    {
        RunDir = runDir;
        _app = app;
        Runtime = runtime;
        Images = images;
        Storaged = storaged;
    }

    public FakeRuntime Runtime { get; }

    public FakeImages Images { get; }

    public FakeStoraged Storaged { get; }

    public string RunDir { get; }

    public string RuntimeEndpoint => "unix://" + Path.Combine(RunDir, "crimesh.sock");

    public static async Task<FakeNode> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("crimeshctl-node-");
        try
        {
            var runtime = new FakeRuntime();
            var images = new FakeImages();
            var storaged = new FakeStoraged();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.ListenUnixSocket(Path.Combine(dir.FullName, "crimesh.sock"), o => o.Protocols = HttpProtocols.Http2);
                k.ListenUnixSocket(Path.Combine(dir.FullName, "storaged.sock"), o => o.Protocols = HttpProtocols.Http2);
            });
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(runtime).AddSingleton(images).AddSingleton(storaged);
            var app = builder.Build();
            app.MapGrpcService<FakeRuntime>();
            app.MapGrpcService<FakeImages>();
            app.MapGrpcService<FakeStoraged>();
            await app.StartAsync();
            return new FakeNode(dir.FullName, app, runtime, images, storaged);
        }
        catch
        {
            dir.Delete(recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        finally
        {
            Directory.Delete(RunDir, recursive: true);
        }
    }
}
