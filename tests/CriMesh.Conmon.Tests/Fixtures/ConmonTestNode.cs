using System.Text.Json.Nodes;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Conmon.V1;
using CriMesh.Testing;
using CriMesh.Testing.Node;
using Grpc.Core;
using Grpc.Net.Client;

namespace CriMesh.Conmon.Tests.Fixtures;

/// <summary>
/// The real conmon daemon as a process on a temporary node, a busybox root filesystem, a log dir, a
/// second runtime handler ("wrapped": a shell script around runc that records its arguments), and a
/// cgroup parent of its own (<c>/crimesh-test/conmon-RANDOM</c>). Disposal deletes every container
/// through the API, kills any monitor left, removes the cgroups and the temporary tree.
/// </summary>
public sealed class ConmonTestNode : IAsyncDisposable
{
    private GrpcChannel _channel;

    private ConmonTestNode(TempDir work, DaemonNode node, string testId)
    {
        Work = work;
        Node = node;
        TestId = testId;
        _channel = UnixChannel.Create(node.SocketPath("conmon"));
        Client = new Protos.Conmon.V1.Conmon.ConmonClient(_channel);
    }

    public TempDir Work { get; }

    public DaemonNode Node { get; }

    public string TestId { get; }

    public Protos.Conmon.V1.Conmon.ConmonClient Client { get; private set; }

    public string Rootfs => Work.Combine("rootfs");

    public string LogDir => Work.Combine("logs");

    public string WrapperLog => Work.Combine("wrapper.log");

    public string WrapperRoot => Work.Combine("wrapped-root");

    public string CgroupParent => $"/crimesh-test/conmon-{TestId}";

    /// <param name="extraToml">More [conmon.runtime_handlers.*] tables.</param>
    public static async Task<ConmonTestNode> StartAsync(Action<string>? log = null, string extraToml = "")
    {
        var testId = Guid.NewGuid().ToString("N")[..10];
        var work = new TempDir("crimesh-conmon-test", (UnixFileMode)0x1ed);
        BusyboxRootfs.Create(work.CreateSubdirectory("rootfs"));
        work.CreateSubdirectory("logs");
        var wrapper = work.Combine("runc-wrapper.sh");
        File.WriteAllText(wrapper, $"#!/bin/sh\necho \"$*\" >> {work.Combine("wrapper.log")}\nexec /usr/sbin/runc \"$@\"\n");
        File.SetUnixFileMode(wrapper, (UnixFileMode)0x1ed);
        var toml = $"""
            [conmon]
            monitor_log_level = "debug"
            kill_timeout = "10s"

            [conmon.runtime_handlers.wrapped]
            runtime_path = "{wrapper}"
            runtime_root = "{work.Combine("wrapped-root")}"
            allowed_annotations = ["io.kubernetes.cri-o.Devices"]

            {extraToml}
            """;
        var node = new DaemonNode(toml, log);
        try
        {
            await node.StartAsync("conmon");
        }
        catch
        {
            await node.DisposeAsync();
            work.Dispose();
            throw;
        }
        return new ConmonTestNode(work, node, testId);
    }

    /// <summary>SIGKILLs the daemon (containers and monitors keep running).</summary>
    public async Task KillDaemonAsync() => await Node.StopAsync("conmon", 9);

    /// <summary>Starts the daemon again on the same state and reconnects.</summary>
    public async Task RestartDaemonAsync()
    {
        await Node.StartAsync("conmon");
        _channel.Dispose();
        _channel = UnixChannel.Create(Node.SocketPath("conmon"));
        Client = new Protos.Conmon.V1.Conmon.ConmonClient(_channel);
    }

    /// <summary>A create request for a busybox container running <paramref name="args"/>.</summary>
    public CreateContainerRequest Container(string[] args, Action<JsonObject>? mutate = null, string? id = null, string handler = "")
    {
        id ??= "c" + Guid.NewGuid().ToString("N");
        var spec = OciSpecs.Busybox(args, $"{CgroupParent}/{id}");
        mutate?.Invoke(spec);
        return new CreateContainerRequest
        {
            ContainerId = id,
            SandboxId = "pod-" + TestId,
            RuntimeHandler = handler,
            SpecJson = spec.ToJsonString(),
            RootfsPath = Rootfs,
            LogPath = Path.Combine(LogDir, id + ".log"),
            CgroupPath = $"{CgroupParent}/{id}",
        };
    }

    /// <summary>Creates and starts a container; returns its create request.</summary>
    public async Task<CreateContainerRequest> RunAsync(string[] args, Action<JsonObject>? mutate = null, string handler = "")
    {
        var request = Container(args, mutate, handler: handler);
        await Client.CreateContainerAsync(request);
        await Client.StartContainerAsync(new StartContainerRequest { ContainerId = request.ContainerId });
        return request;
    }

    /// <summary>Waits (bounded) until the container is EXITED; returns its state.</summary>
    public async Task<ContainerState> WaitExitedAsync(string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var state = await Client.GetContainerAsync(new GetContainerRequest { ContainerId = id });
            if (state.Status == ContainerStatus.Exited)
            {
                return state;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"container {id} still {state.Status}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The container's CRI log lines (bounded wait until <paramref name="until"/> holds).</summary>
    public static async Task<string[]> WaitLogAsync(string path, Func<string[], bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
            if (until(lines))
            {
                return lines;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"log {path} never matched; it has: {string.Join(" | ", lines)}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>PIDs whose command line contains <paramref name="marker"/> (zombies included: they show in /proc).</summary>
    public static IReadOnlyList<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (cmd.Contains(marker, StringComparison.Ordinal) || (cmd.Length == 0 && stat.Contains(marker, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        var monitors = new List<int>();
        try
        {
            if (await Node.IsServingAsync("conmon"))
            {
                var list = await Client.ListContainersAsync(new ListContainersRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
                foreach (var c in list.Containers)
                {
                    monitors.Add(c.MonitorPid);
                    try
                    {
                        await Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = c.ContainerId }, deadline: DateTime.UtcNow.AddSeconds(30));
                    }
                    catch (RpcException)
                    {
                    }
                }
            }
        }
        catch (RpcException)
        {
        }
        await Node.DisposeAsync();
        foreach (var pid in ProcessesWith(Work.Path).Concat(monitors).Where(p => p > 0).Distinct())
        {
            CriMesh.Linux.Interop.Libc.Kill(pid, 9);
        }
        CgroupCleanup.Remove(CgroupParent);
        _channel.Dispose();
        Work.Dispose();
    }
}
