using System.Diagnostics;
using System.Text;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Rootfs;
using CriMesh.Storaged.Store;
using Grpc.Net.Client;

namespace CriMesh.Storaged.Tests.Support;

/// <summary>
/// The real storaged daemon as a child process on a temporary run and state dir, driven over its Unix
/// socket. Killed by PID (SIGKILL) on demand and on disposal; its mounts and files are removed after.
/// </summary>
internal sealed class StoragedProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private Process? process;
    private GrpcChannel? channel;

    private StoragedProcess(string dir)
    {
        Dir = dir;
    }

    public string Dir { get; }

    public string RunDir => Path.Combine(Dir, "run");

    public string StoreRoot => Path.Combine(Dir, "state", "storaged");

    public string Blobs => Path.Combine(Dir, "blobs");

    public string Socket => Path.Combine(RunDir, "storaged.sock");

    public StoreLayout Layout => new(StoreRoot);

    public Protos.Storaged.V1.Storaged.StoragedClient Client { get; private set; } = null!;

    /// <summary>What the daemon printed so far (for failure messages).</summary>
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

    public static async Task<StoragedProcess> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "crimesh-storaged-proc-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var daemon = new StoragedProcess(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "crimesh.toml"), $"""
                run_dir = "{daemon.RunDir}"
                state_dir = "{Path.Combine(dir, "state")}"
                log_level = "debug"

                [storaged]
                gc_interval = "0s"
                content_store = "{daemon.Blobs}"
                """);
            await daemon.RestartAsync();
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the daemon (again) and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        Kill();
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "crimesh-storaged"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--config");
        psi.ArgumentList.Add(Path.Combine(Dir, "crimesh.toml"));
        process = Process.Start(psi) ?? throw new InvalidOperationException("could not start crimesh-storaged");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        channel?.Dispose();
        channel = UnixChannel.Create(Socket);
        Client = new Protos.Storaged.V1.Storaged.StoragedClient(UnixChannel.CreateInvoker(channel, "storaged"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"crimesh-storaged exited with {process.ExitCode}:\n{Output}");
            }
            if (File.Exists(Socket))
            {
                try
                {
                    await Client.ListLayersAsync(new ListLayersRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                    return;
                }
                catch (Common.Errors.CriMeshException)
                {
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"crimesh-storaged did not answer within 30s:\n{Output}");
    }

    /// <summary>SIGKILL by PID, then reap.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            CriMesh.Linux.Interop.Libc.Kill(process.Id, 9);
            process.WaitForExit(10_000);
        }
        process?.Dispose();
        process = null;
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

    public ValueTask DisposeAsync()
    {
        Kill();
        channel?.Dispose();
        foreach (var mount in MountTable.MountPointsUnder(Dir))
        {
            CriMesh.Linux.Interop.Libc.Umount2(mount, CriMesh.Linux.Interop.Libc.MNT_DETACH);
        }
        FileTree.Delete(Dir);
        return ValueTask.CompletedTask;
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
