using System.Security.Cryptography;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using Grpc.Net.Client;

namespace CriMesh.IntegrationTests.Containers;

/// <summary>
/// The five daemons as processes, a real registry on 127.0.0.1 holding the busybox images this test built,
/// and a CNI network this node owns: bridge cmcXXXXXX, a /24 of 10.203.0.0/16, host-local leases in the
/// node's temp dir; pod cgroups under /crimesh-test/containers-XXXXXX. Disposal stops the daemons and the
/// registry and removes the bridge and the cgroup parent.
/// </summary>
public sealed class ContainerTestNode : IAsyncDisposable
{
    private readonly string rand = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private GrpcChannel? channel;
    private RegistryServer? registry;

    public ContainerTestNode(Action<string> log)
    {
        Subnet = $"10.203.{RandomNumberGenerator.GetInt32(1, 255)}";
        Bridge = "cmc" + rand;
        CgroupParent = $"/crimesh-test/containers-{rand}";
        Node = new DaemonNode(log: log);
        LogDir = Node.Dir.CreateSubdirectory("pod-logs");
        var cni = Node.Dir.CreateSubdirectory("cni");
        var ipam = Node.Dir.CreateSubdirectory("ipam");
        File.WriteAllText(Path.Combine(cni, "10-containers.conflist"), $$"""
            {
              "cniVersion": "1.0.0",
              "name": "crimesh-containers-test",
              "plugins": [
                { "type": "bridge", "bridge": "{{Bridge}}", "isGateway": true, "ipMasq": false,
                  "ipam": { "type": "host-local", "dataDir": "{{ipam}}", "ranges": [[{ "subnet": "{{Subnet}}.0/24" }]] } }
              ]
            }
            """);
        ConfigText = $"""

            [netd]
            cni_conf_dir = "{cni}"
            cni_bin_dirs = ["/usr/lib/cni"]

            [gateway]
            cgroup_driver = "cgroupfs"
            """;
    }

    private string ConfigText { get; }

    public DaemonNode Node { get; }
    public string Subnet { get; }
    public string Bridge { get; }
    public string CgroupParent { get; }

    /// <summary>Parent of the pods' log directories.</summary>
    public string LogDir { get; }

    /// <summary>A busybox image whose entrypoint runs until SIGTERM, then exits 0.</summary>
    public string LongRunningImage { get; private set; } = "";

    /// <summary>Plain busybox (no entrypoint, no cmd).</summary>
    public string BusyboxImage { get; private set; } = "";

    /// <summary>An image whose entrypoint names a file that does not exist.</summary>
    public string BrokenImage { get; private set; } = "";

    public RuntimeService.RuntimeServiceClient Runtime => new(channel ??= UnixChannel.Create(Node.SocketPath("gateway")));
    public ImageService.ImageServiceClient Images => new(channel ??= UnixChannel.Create(Node.SocketPath("gateway")));

    public async Task StartAsync()
    {
        registry = await new RegistryServer().StartAsync();
        using (var pusher = new RegistryPusher(registry))
        {
            await pusher.PushAsync("ctr/longrunning", TestImages.LongRunning(), "1");
            await pusher.PushAsync("ctr/busybox", TestImages.Busybox(), "1");
            await pusher.PushAsync("ctr/broken", new TestImageBuilder().WithEntrypoint("/no/such/program").AddLayer(t => t.AddBusybox()).Build(), "1");
        }
        LongRunningImage = registry.Reference("ctr/longrunning", "1");
        BusyboxImage = registry.Reference("ctr/busybox", "1");
        BrokenImage = registry.Reference("ctr/broken", "1");
        File.AppendAllText(Node.ConfigPath, ConfigText + $"""

            [imaged]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            insecure_registries = ["{registry.Host}"]
            """);
        await Node.StartAllAsync();
    }

    public async Task PullAsync(string image) =>
        await Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } });

    public PodSandboxConfig PodConfig(string name) => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "containers-test", Uid = $"uid-{name}-{rand}" },
        Hostname = name,
        LogDirectory = Path.Combine(LogDir, name),
        Labels = { ["app"] = name },
        Linux = new LinuxPodSandboxConfig { CgroupParent = CgroupParent },
    };

    public async Task<(string Id, PodSandboxConfig Config)> RunPodAsync(string name)
    {
        var config = PodConfig(name);
        Directory.CreateDirectory(config.LogDirectory);
        var id = (await Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config })).PodSandboxId;
        return (id, config);
    }

    public static ContainerConfig ContainerConfig(string name, string image, params string[] command)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name },
            Image = new ImageSpec { Image = image },
            LogPath = $"{name}/0.log",
            Labels = { ["container"] = name },
        };
        config.Command.Add(command);
        return config;
    }

    public async Task<string> CreateAsync(string podId, PodSandboxConfig pod, ContainerConfig config) =>
        (await Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = pod })).ContainerId;

    /// <summary>Everything a container could leave behind on this node: mounts, monitor processes, cgroups, records, logs.</summary>
    public async Task<IReadOnlyList<string>> LeftoversAsync()
    {
        var left = new List<string>();
        // netd's shared netns directory is the node's, not a pod's: only mounts below it count.
        var netnsDir = Path.Combine(Node.RunDir, "netns");
        left.AddRange(TempDir.ReadMountPoints()
            .Where(m => m.StartsWith(Node.Dir.Path, StringComparison.Ordinal) && m != netnsDir)
            .Select(m => "mount " + m));
        var monitors = await ChildProcess.RunAsync("pgrep", ["-f", Node.Dir.Path], TimeSpan.FromSeconds(10), throwOnFailure: false);
        var daemonPids = new[] { "gateway", "imaged", "storaged", "netd", "conmon" }.Select(d => Node.Process(d).Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        left.AddRange(monitors.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(p => !daemonPids.Contains(p.Trim())).Select(p => "process " + p));
        foreach (var root in CgroupRoots().Select(r => r + CgroupParent).Where(Directory.Exists))
            left.AddRange(Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Select(d => "cgroup " + d));
        var records = Path.Combine(Node.StateDir, "gateway", "containers");
        if (Directory.Exists(records)) left.AddRange(Directory.EnumerateFileSystemEntries(records).Select(f => "record " + f));
        left.AddRange(Directory.EnumerateFiles(LogDir, "*", SearchOption.AllDirectories).Select(f => "log " + f));
        return left;
    }

    public static IEnumerable<string> CgroupRoots() =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' '))
            .Where(f => Array.IndexOf(f, "-") is var d && d > 0 && f[d + 1] is "cgroup" or "cgroup2")
            .Select(f => f[4]);

    public async ValueTask DisposeAsync()
    {
        channel?.Dispose();
        await Node.DisposeAsync();
        if (registry is not null) await registry.DisposeAsync();
        await ChildProcess.RunAsync("ip", ["link", "del", Bridge], TimeSpan.FromSeconds(10), throwOnFailure: false);
        foreach (var dir in CgroupRoots().Select(r => r + CgroupParent).Where(Directory.Exists))
        {
            foreach (var child in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length)) TryRmdir(child);
            TryRmdir(dir);
        }
    }

    private static void TryRmdir(string dir)
    {
        try { Directory.Delete(dir); } catch (IOException) { }
    }
}
