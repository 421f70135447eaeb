using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing.Node;
using Grpc.Net.Client;

namespace CriMesh.Benchmarks.Pods;

/// <summary>
/// The five CriMesh daemons as processes (as the test kit's DaemonNode runs them), with a CNI network of
/// their own and log level information (DaemonNode's default is debug, which would time the logging).
/// </summary>
internal sealed class CriMeshEndpoint : IPodEndpoint
{
    private readonly DaemonNode _node;
    private readonly GrpcChannel _channel;

    private CriMeshEndpoint(DaemonNode node, BenchNetwork network)
    {
        _node = node;
        Network = network;
        _channel = UnixChannel.Create(node.SocketPath("gateway"));
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
    }

    public string Name => "CriMesh";

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public BenchNetwork Network { get; }

    /// <param name="daemonLog">When set, every daemon line goes to this file and the daemons log at debug
    /// (netd then logs each CNI plugin call with its time): for profiling, not for the figures.</param>
    public static async Task<CriMeshEndpoint> StartAsync(string? daemonLog, CancellationToken cancellationToken)
    {
        var writer = daemonLog is null ? null : TextWriter.Synchronized(new StreamWriter(daemonLog) { AutoFlush = true });
        var node = new DaemonNode(log: writer is null ? null : writer.WriteLine);
        var network = new BenchNetwork("crimesh-bench", node.Dir.Combine("cni"), node.Dir.Combine("ipam"));
        var config = File.ReadAllText(node.ConfigPath);
        if (writer is null)
        {
            config = config.Replace("log_level = \"debug\"", "log_level = \"information\"", StringComparison.Ordinal);
        }
        File.WriteAllText(node.ConfigPath, config + $"""

            [netd]
            cni_conf_dir = "{network.ConfDir}"
            cni_bin_dirs = ["{BenchNetwork.PluginDir}"]

            [gateway]
            cgroup_driver = "cgroupfs"
            """);
        var endpoint = new CriMeshEndpoint(node, network);
        try
        {
            await node.StartAllAsync(cancellationToken);
            return endpoint;
        }
        catch
        {
            await endpoint.DisposeAsync();
            throw;
        }
    }

    public IReadOnlyList<(string Name, int Pid)> Processes() =>
        RepoPaths.Daemons.Order(StringComparer.Ordinal).Select(d => (d, _node.Process(d).Pid)).ToList();

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _node.DisposeAsync();
        Network.Dispose();
    }
}
