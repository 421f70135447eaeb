using CriMesh.Common.Grpc;
using CriMesh.Protos.Netd.V1;
using CriMesh.Testing;
using CriMesh.Testing.Node;
using Grpc.Net.Client;

namespace CriMesh.Netd.Tests.Support;

/// <summary>
/// The real netd daemon, started by the test kit's <see cref="DaemonNode"/> on its temporary run and state
/// dirs plus a CNI conf dir and plugin dir of the test's own, driven over its Unix socket. Disposal first
/// tears down every pod network still listed, then removes the test's bridge, stops netd and removes its dir.
/// </summary>
internal sealed class NetdProcess : IAsyncDisposable
{
    private const string Daemon = "netd";
    private readonly DaemonNode node = new();
    private GrpcChannel? channel;

    private NetdProcess(string pluginTimeout)
    {
        // Readable by others, as before: CNI plugins and their files live below it.
        File.SetUnixFileMode(Dir.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        Network = new TestNetwork(Dir);
        Directory.CreateDirectory(ConfDir);
        Directory.CreateDirectory(BinDir);
        node.AddConfig($"""
            [netd]
            cni_conf_dir = "{ConfDir}"
            cni_bin_dirs = ["{BinDir}", "/usr/lib/cni"]
            cni_plugin_timeout = "{pluginTimeout}"
            """);
    }

    public TempDir Dir => node.Dir;

    public TestNetwork Network { get; }

    public string RunDir => node.RunDir;

    public string ConfDir => Dir.Combine("net.d");

    /// <summary>Searched before /usr/lib/cni: where tests put hostile plugins.</summary>
    public string BinDir => Dir.Combine("bin");

    public string NetnsDir => Path.Combine(RunDir, "netns");

    public string RecordsDir => Path.Combine(node.StateDir, "netd", "pods");

    public Protos.Netd.V1.Netd.NetdClient Client { get; private set; } = null!;

    /// <summary>Extra environment for the next <see cref="RestartAsync"/> (e.g. CRIMESH_FAILPOINTS).</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts netd with an empty conf dir (write a config with <see cref="TestNetwork"/>).</summary>
    public static async Task<NetdProcess> StartAsync(string pluginTimeout = "20s")
    {
        var daemon = new NetdProcess(pluginTimeout);
        try
        {
            await daemon.RestartAsync();
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILLs netd if it runs, starts it again with <see cref="Environment"/> and waits until it serves.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await node.StartAsync(Daemon, Environment);
        channel?.Dispose();
        channel = UnixChannel.Create(node.SocketPath(Daemon));
        Client = new Protos.Netd.V1.Netd.NetdClient(UnixChannel.CreateInvoker(channel, Daemon));
    }

    /// <summary>SIGKILL by PID, then reap.</summary>
    public async Task KillAsync()
    {
        if (node.IsStarted(Daemon))
        {
            await node.StopAsync(Daemon, signal: 9);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (node.IsStarted(Daemon) && !node.Process(Daemon).HasExited)
            {
                var left = await Client.ListPodNetworksAsync(new ListPodNetworksRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
                foreach (var pod in left.Networks)
                {
                    await Client.TearDownPodAsync(new TearDownPodRequest { SandboxId = pod.SandboxId }, deadline: DateTime.UtcNow.AddSeconds(60));
                }
            }
        }
        catch (Exception e) when (e is Common.Errors.CriMeshException or Grpc.Core.RpcException)
        {
        }
        finally
        {
            await KillAsync();
            channel?.Dispose();
            Network.Dispose();
            await node.DisposeAsync();
        }
    }
}
