using System.Text;
using CriMesh.Common.Grpc;
using CriMesh.Common.Hosting;
using CriMesh.Imaged.Api;
using CriMesh.Imaged.Options;
using CriMesh.Imaged.Pull;
using CriMesh.Protos.Storaged.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ImagedClient = CriMesh.Protos.Imaged.V1.Imaged.ImagedClient;

namespace CriMesh.Imaged.Tests;

/// <summary>
/// The real imaged host (DaemonHost, crimesh.toml, Kestrel on a Unix socket) in this process, with its own
/// temporary run dir, state dir and registries.conf. <see cref="Client"/> is a plain gRPC client, so tests
/// see the status codes kubelet would see.
/// </summary>
internal sealed class ImagedHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private ImagedHost(string dir, WebApplication app)
    {
        Dir = dir;
        _app = app;
        _channel = UnixChannel.Create(SocketPath);
        Client = new ImagedClient(_channel);
    }

    public string Dir { get; }

    public string SocketPath => Path.Combine(Dir, "run", "imaged.sock");

    public string StoreDir => Path.Combine(Dir, "state", "imaged");

    public ImagedClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts imaged. <paramref name="imagedKeys"/> are extra lines of its <c>[imaged]</c> table;
    /// <paramref name="registriesConf"/> is the registries.conf it reads; <paramref name="dir"/> reuses a
    /// previous host's directories (a restart).
    /// </summary>
    /// <param name="unpacker">Replaces the layer unpacker (a test double standing in for storaged).</param>
    public static async Task<ImagedHost> StartAsync(
        string imagedKeys = "", string registriesConf = "", string? dir = null, bool unpack = false, ILayerUnpacker? unpacker = null)
    {
        dir ??= Directory.CreateTempSubdirectory("crimesh-imaged-host-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "registries.conf.d"));
        File.WriteAllText(Path.Combine(dir, "registries.conf"), registriesConf);
        var toml = new StringBuilder()
            .AppendLine($"run_dir = \"{dir}/run\"")
            .AppendLine($"state_dir = \"{dir}/state\"")
            .AppendLine("log_level = \"warning\"")
            .AppendLine("[imaged]")
            .AppendLine($"unpack_layers = {(unpack ? "true" : "false")}")
            .AppendLine($"registries_conf = \"{dir}/registries.conf\"")
            .AppendLine($"registries_conf_dir = \"{dir}/registries.conf.d\"")
            .AppendLine($"auth_file = \"{dir}/auth.json\"")
            .AppendLine(imagedKeys);
        var config = Path.Combine(dir, "crimesh.toml");
        File.WriteAllText(config, toml.ToString());
        var builder = DaemonHost.CreateBuilder<ImagedOptions>(["--config", config, "--config-dir", Path.Combine(dir, "none.d")], "imaged");
        builder.Services.AddImaged();
        builder.Services.AddPeerClient("storaged", invoker => new Storaged.StoragedClient(invoker));
        if (unpacker is not null)
        {
            builder.Services.AddSingleton(unpacker);
        }
        var app = builder.Build();
        app.MapGrpcService<ImagedApi>();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await DisposeAppAsync(app);
            throw;
        }
        return new ImagedHost(dir, app);
    }

    /// <summary>Stops the host but keeps its directories (for a restart on the same state).</summary>
    public async Task StopAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await DisposeAppAsync(_app);
    }

    private static async Task DisposeAppAsync(WebApplication app)
    {
        app.Services.GetService<SocketGuard>()?.Dispose();
        await app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // stopped already
        }
        if (Directory.Exists(Dir))
        {
            Directory.Delete(Dir, recursive: true);
        }
    }
}
