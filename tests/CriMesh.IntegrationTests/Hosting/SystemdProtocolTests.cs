using System.Net.Sockets;
using System.Text;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing;
using CriMesh.Testing.Node;
using Grpc.Health.V1;

namespace CriMesh.IntegrationTests.Hosting;

/// <summary>
/// The two systemd protocols a daemon speaks, with real processes: sd_notify readiness (READY=1 only
/// once the socket serves, STOPPING=1 on SIGTERM) and socket activation (serving on a socket that
/// systemd-socket-activate created and passed as fd 3).
/// </summary>
[Collection(Node.NodeCollection.Name)]
public sealed class SystemdProtocolTests : IDisposable
{
    private readonly TempDir _dir = new("crimesh-systemd");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Notify_Start_ReadyOnlyOnceSocketServesAndStoppingOnSigterm()
    {
        var config = WriteConfig();
        var notifyPath = _dir.Combine("notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        await using var daemon = ChildProcess.Start(RepoPaths.DaemonExe("netd"), ["--config", config],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notifyPath });

        var ready = await ReceiveAsync(notify, TimeSpan.FromSeconds(60));
        var servingAtReady = await ServesHealthAsync(_dir.Combine("run", "netd.sock"));
        daemon.Signal(15);
        var stopping = await ReceiveAsync(notify, TimeSpan.FromSeconds(30));
        var exit = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("READY=1", ready, StringComparison.Ordinal);
        Assert.True(servingAtReady, "the socket must serve by the time READY=1 is sent");
        Assert.Contains("STOPPING=1", stopping, StringComparison.Ordinal);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task SocketActivation_ListenFdsGiven_ServesOnThePassedSocket()
    {
        var config = WriteConfig();
        var socketPath = _dir.Combine("run", "crimesh.sock");
        Directory.CreateDirectory(_dir.Combine("run"));
        await using var activator = ChildProcess.Start("/usr/bin/systemd-socket-activate",
            ["-l", socketPath, RepoPaths.DaemonExe("gateway"), "--config", config]);
        var listening = await activator.WaitUntilAsync(_ => Task.FromResult(File.Exists(socketPath)), TimeSpan.FromSeconds(30));
        Assert.True(listening, activator.Describe());

        using var channel = UnixChannel.Create(socketPath);
        var version = await new RuntimeService.RuntimeServiceClient(channel)
            .VersionAsync(new VersionRequest(), deadline: DateTime.UtcNow.AddSeconds(60));

        Assert.Equal("crimesh", version.RuntimeName);
        activator.Signal(15);
        Assert.Equal(0, await activator.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private string WriteConfig()
    {
        var path = _dir.Combine("crimesh.toml");
        File.WriteAllText(path, $"run_dir = \"{_dir.Combine("run")}\"\nstate_dir = \"{_dir.Combine("state")}\"\n");
        return path;
    }

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private static async Task<bool> ServesHealthAsync(string socketPath)
    {
        using var channel = UnixChannel.Create(socketPath);
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
        return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
    }
}
