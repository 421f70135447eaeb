using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace CriMesh.Benchmarks.Pods;

/// <summary>
/// containerd (Debian's 1.6) started by the benchmark with a config it writes into a temp dir: its own
/// root, state and sockets there, the CRI plugin with the same CNI plugins and a network of its own,
/// the test registry as a plain-HTTP mirror of itself, and the pause image pushed there as sandbox_image.
/// Dispose stops it by PID, SIGKILLs shims of this instance that are still there (by PID), unmounts
/// what it left below the temp dir, and deletes the bridge and cgroups.
/// </summary>
internal sealed class ContainerdEndpoint : IPodEndpoint
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir;
    private readonly ChildProcess _process;
    private readonly GrpcChannel _channel;

    private ContainerdEndpoint(TempDir dir, BenchNetwork network, ChildProcess process, string socket)
    {
        _dir = dir;
        Network = network;
        _process = process;
        Socket = socket;
        _channel = UnixChannel.Create(socket);
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
    }

    public string Name => "containerd";

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public BenchNetwork Network { get; }

    public string Socket { get; }

    /// <param name="registryHost">127.0.0.1:PORT of the test registry (plain HTTP).</param>
    /// <param name="sandboxImage">The pause image reference in that registry.</param>
    public static async Task<ContainerdEndpoint> StartAsync(string registryHost, string sandboxImage, CancellationToken cancellationToken)
    {
        var dir = new TempDir("crimesh-bench-containerd");
        var network = new BenchNetwork("containerd-bench", dir.Combine("cni"), dir.Combine("ipam"));
        var socket = dir.Combine("containerd.sock");
        var configPath = dir.Combine("config.toml");
        File.WriteAllText(configPath, ContainerdConfig.Render(dir.Path, socket, network.ConfDir, registryHost, sandboxImage));
        var process = ChildProcess.Start("containerd", ["--config", configPath]);
        var endpoint = new ContainerdEndpoint(dir, network, process, socket);
        try
        {
            await endpoint.WaitUntilServingAsync(cancellationToken);
            return endpoint;
        }
        catch
        {
            await endpoint.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls (bounded) until the CRI Version call answers.</summary>
    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"containerd exited with {_process.ExitCode} while starting: {_process.Stderr}");
            }
            if (File.Exists(Socket))
            {
                try
                {
                    await Runtime.VersionAsync(new VersionRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                    return;
                }
                catch (RpcException) when (DateTime.UtcNow < deadline)
                {
                }
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"containerd did not answer within {StartTimeout.TotalSeconds}s: {_process.Stderr}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>containerd and the runc shims it started for this instance (their command line names its socket).</summary>
    public IReadOnlyList<(string Name, int Pid)> Processes() =>
        [("containerd", _process.Pid), .. Shims().Select(pid => ("shim", pid))];

    private IEnumerable<int> Shims() =>
        Pss.PidsWithCmdline(Socket).Where(pid => pid != _process.Pid && pid != Environment.ProcessId);

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        var shims = Shims().ToList();
        _process.Signal(15);
        try
        {
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("warning: containerd did not stop on SIGTERM; killing it");
        }
        await _process.DisposeAsync();
        foreach (var pid in shims)
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
                Console.Error.WriteLine($"warning: killed leftover containerd shim {pid}");
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }
        _dir.Dispose();
        Network.Dispose();
    }
}
