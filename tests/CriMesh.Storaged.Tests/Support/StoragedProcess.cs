using CriMesh.Common.Grpc;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Storaged.Store;
using CriMesh.Testing.Node;
using Grpc.Net.Client;

namespace CriMesh.Storaged.Tests.Support;

/// <summary>
/// The real storaged daemon, started by the test kit's <see cref="DaemonNode"/> on its temporary run and
/// state dirs with a content store of the test's own, driven over its Unix socket. SIGKILL by PID on
/// demand; disposal stops it and removes its dir (mounts below it first).
/// </summary>
internal sealed class StoragedProcess : IAsyncDisposable
{
    private const string Daemon = "storaged";
    private readonly DaemonNode node = new();
    private GrpcChannel? channel;

    private StoragedProcess(string storagedKeys)
    {
        node.AddConfig($"""
            [storaged]
            gc_interval = "0s"
            content_store = "{Blobs}"
            {storagedKeys}
            """);
    }

    public string Dir => node.Dir.Path;

    public string RunDir => node.RunDir;

    public string StoreRoot => Path.Combine(node.StateDir, "storaged");

    public string Blobs => node.Dir.Combine("blobs");

    public string Socket => node.SocketPath(Daemon);

    public StoreLayout Layout => new(StoreRoot);

    public Protos.Storaged.V1.Storaged.StoragedClient Client { get; private set; } = null!;

    /// <summary>What the running daemon printed so far (stdout and stderr).</summary>
    public string Output => node.IsStarted(Daemon) ? node.Process(Daemon).Stdout + node.Process(Daemon).Stderr : "";

    /// <summary>Starts a daemon; <paramref name="storagedKeys"/> are TOML lines added to its [storaged] table.</summary>
    public static async Task<StoragedProcess> StartAsync(string storagedKeys = "")
    {
        var daemon = new StoragedProcess(storagedKeys);
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

    /// <summary>SIGKILLs storaged if it runs, starts it (again) and waits until it serves.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await node.StartAsync(Daemon);
        channel?.Dispose();
        channel = UnixChannel.Create(Socket);
        Client = new Protos.Storaged.V1.Storaged.StoragedClient(UnixChannel.CreateInvoker(channel, Daemon));
    }

    /// <summary>SIGKILL by PID, then reap.</summary>
    public async Task KillAsync()
    {
        if (node.IsStarted(Daemon))
        {
            await node.StopAsync(Daemon, signal: 9);
        }
    }

    /// <summary>Opens a lease (one hour) for the calls that apply layers.</summary>
    public async Task<string> LeaseAsync() => (await Client.CreateLeaseAsync(new CreateLeaseRequest { ExpiryMillis = 3_600_000 })).Id;

    /// <summary>Applies a layer under <paramref name="lease"/> (a fresh one when null).</summary>
    public async Task<Layer> ApplyAsync(LayerTar tar, string parent = "", string? lease = null)
    {
        var blob = tar.WriteBlob(Blobs);
        var response = await Client.ApplyLayerAsync(new ApplyLayerRequest
        {
            LeaseId = lease ?? await LeaseAsync(),
            BlobDigest = blob.Digest,
            MediaType = blob.MediaType,
            DiffId = blob.DiffId,
            ParentChainId = parent,
        });
        return response.Layer;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        channel?.Dispose();
        await node.DisposeAsync();
    }
}
