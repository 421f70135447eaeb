using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using Grpc.Core;
using Grpc.Net.Client;
using KitCredentials = CriMesh.Testing.Registry.RegistryCredentials;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.Imaged.Tests.Cri;

/// <summary>
/// The real gateway, imaged and storaged processes on a temporary node, and real docker-registry
/// instances (one anonymous, one with htpasswd), shared by the CRI ImageService tests.
/// </summary>
public sealed class CriNodeFixture : IAsyncLifetime
{
    public const string User = "kube";
    public const string Password = "pull-secret";
    public RegistryServer Registry { get; private set; } = null!;
    public RegistryServer Private { get; private set; } = null!;
    private DaemonNode _node = null!;
    private GrpcChannel _channel = null!;
    private GrpcChannel _storagedChannel = null!;
    public ImageService.ImageServiceClient Cri { get; private set; } = null!;

    public StoragedV1.Storaged.StoragedClient Storaged { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await new RegistryServer().StartAsync();
        Private = await new RegistryServer().WithHtpasswd(User, Password).StartAsync();
        using (var push = new RegistryPusher(Registry))
        {
            await push.PushAsync("busybox", TestImages.Busybox(), "latest");
            await push.PushAsync("busybox", TestImages.Busybox(), "stable");
            await push.PushAsync("multi", TestImages.MultiLayer(), "latest");
        }
        using (var push = new RegistryPusher(Private, new KitCredentials(User, Password)))
        {
            await push.PushAsync("secret/busybox", new TestImageBuilder().AddLayer(t => t.AddBusybox()).WithLabel("private", "yes").Build(), "latest");
        }
        _node = new DaemonNode($"""
            [imaged]
            insecure_registries = ["{Registry.Host}", "{Private.Host}"]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            auth_file = "/nonexistent/auth.json"
            """);
        await _node.StartAsync("storaged");
        await _node.StartAsync("imaged");
        await _node.StartAsync("gateway");
        _channel = UnixChannel.Create(_node.SocketPath("gateway"));
        _storagedChannel = UnixChannel.Create(_node.SocketPath("storaged"));
        Storaged = new StoragedV1.Storaged.StoragedClient(_storagedChannel);
        Cri = new ImageService.ImageServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        _storagedChannel?.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        foreach (var r in new[] { Registry, Private })
        {
            if (r is not null)
            {
                await r.DisposeAsync();
            }
        }
    }
}
