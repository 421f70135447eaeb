using System.Diagnostics;
using System.Text;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Netd.V1;
using CriMesh.Testing;
using Grpc.Net.Client;

namespace CriMesh.Netd.Tests.Support;

/// <summary>
/// The real netd daemon as a child process on a temporary run dir, state dir and CNI conf dir, driven over
/// its Unix socket. SIGKILL by PID on demand and on disposal; disposal first tears down every pod network
/// still listed, then removes the test's bridge and every mount below its dir.
/// </summary>
internal sealed class NetdProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private Process? process;
    private GrpcChannel? channel;

    private NetdProcess(TempDir dir, TestNetwork network, string pluginTimeout)
    {
        Dir = dir;
        Network = network;
        File.WriteAllText(ConfigFile, $"""
            run_dir = "{RunDir}"
            state_dir = "{Dir.Combine("state")}"
            log_level = "debug"

            [netd]
            cni_conf_dir = "{ConfDir}"
            cni_bin_dirs = ["{BinDir}", "/usr/lib/cni"]
            cni_plugin_timeout = "{pluginTimeout}"
            """);
    }

    public TempDir Dir { get; }

    public TestNetwork Network { get; }

    public string RunDir => Dir.Combine("run");

    public string ConfDir => Dir.Combine("net.d");

    /// <summary>Searched before /usr/lib/cni: where tests put hostile plugins.</summary>
    public string BinDir => Dir.Combine("bin");

    public string NetnsDir => Path.Combine(RunDir, "netns");

    public string RecordsDir => Dir.Combine("state", "netd", "pods");

    public string ConfigFile => Dir.Combine("crimesh.toml");

    public Protos.Netd.V1.Netd.NetdClient Client { get; private set; } = null!;

    /// <summary>Extra environment for the next <see cref="RestartAsync"/> (e.g. CRIMESH_FAILPOINTS).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts netd with an empty conf dir (write a config with <see cref="TestNetwork"/>).</summary>
    public static async Task<NetdProcess> StartAsync(string pluginTimeout = "20s")
    {
        var dir = new TempDir("crimesh-netd", (UnixFileMode)Convert.ToInt32("755", 8));
        var daemon = new NetdProcess(dir, new TestNetwork(dir), pluginTimeout);
        Directory.CreateDirectory(daemon.ConfDir);
        Directory.CreateDirectory(daemon.BinDir);
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

    public async Task RestartAsync()
    {
        Kill();
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "crimesh-netd"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in Environment)
        {
            psi.Environment[key] = value;
        }
        psi.ArgumentList.Add("--config");
        psi.ArgumentList.Add(ConfigFile);
        process = Process.Start(psi) ?? throw new InvalidOperationException("could not start crimesh-netd");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        channel?.Dispose();
        var socket = Path.Combine(RunDir, "netd.sock");
        channel = UnixChannel.Create(socket);
        Client = new Protos.Netd.V1.Netd.NetdClient(UnixChannel.CreateInvoker(channel, "netd"));
        var watch = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 300 && watch.Elapsed < TimeSpan.FromSeconds(30); attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"crimesh-netd exited with {process.ExitCode}:\n{Output}");
            }
            if (File.Exists(socket))
            {
                try
                {
                    await Client.ListPodNetworksAsync(new ListPodNetworksRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
                    return;
                }
                catch (Common.Errors.CriMeshException)
                {
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"crimesh-netd did not answer within 30s:\n{Output}");
    }

    /// <summary>SIGKILL by PID, then reap.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            Linux.Interop.Libc.Kill(process.Id, 9);
            process.WaitForExit(10_000);
        }
        process?.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (process is { HasExited: false })
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
            Kill();
            channel?.Dispose();
            Network.Dispose();
            Dir.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
