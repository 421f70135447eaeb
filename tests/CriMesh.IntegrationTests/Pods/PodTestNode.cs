using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing;
using CriMesh.Testing.Node;
using Grpc.Net.Client;

namespace CriMesh.IntegrationTests.Pods;

/// <summary>
/// The five daemons as processes with a CNI network this test owns: bridge cmpXXXXXX, a /24 of
/// 10.202.0.0/16, host-local leases in the node's temp dir, portmap; pod cgroups under
/// /crimesh-test/pods-XXXXXX. Disposal stops the daemons and removes the bridge and the cgroup parent.
/// </summary>
public sealed class PodTestNode : IAsyncDisposable
{
    private readonly string _rand = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private GrpcChannel? _channel;

    /// <param name="gatewayToml">Extra keys of the [gateway] table.</param>
    /// <param name="slowPlugin">Adds a chained plugin that sleeps 1.5 s on every call (a wrapper around portmap),
    /// so a RunPodSandbox outlives a short deadline.</param>
    /// <param name="netdToml">Extra keys of the [netd] table.</param>
    public PodTestNode(Action<string> log, string gatewayToml = "", bool slowPlugin = false, string netdToml = "")
    {
        Subnet = $"10.202.{RandomNumberGenerator.GetInt32(1, 255)}";
        Bridge = "cmp" + _rand;
        CgroupParent = $"/crimesh-test/pods-{_rand}";
        Node = new DaemonNode(log: log);
        CniDir = Node.Dir.CreateSubdirectory("cni");
        IpamDir = Node.Dir.CreateSubdirectory("ipam");
        var binDir = BinDir = Node.Dir.CreateSubdirectory("cni-bin");
        File.WriteAllText(Path.Combine(binDir, "slowportmap"), "#!/bin/sh\nsleep 1.5\nexec /usr/lib/cni/portmap\n");
        File.SetUnixFileMode(Path.Combine(binDir, "slowportmap"), (UnixFileMode)0x1ed);
        var slow = slowPlugin ? ",\n    { \"type\": \"slowportmap\" }" : "";
        File.WriteAllText(Path.Combine(CniDir, "10-pods.conflist"), $$"""
            {
              "cniVersion": "1.0.0",
              "name": "{{NetworkName}}",
              "plugins": [
                { "type": "bridge", "bridge": "{{Bridge}}", "isGateway": true, "ipMasq": false,
                  "ipam": { "type": "host-local", "dataDir": "{{IpamDir}}", "ranges": [[{ "subnet": "{{Subnet}}.0/24" }]] } },
                { "type": "portmap", "capabilities": { "portMappings": true } }{{slow}}
              ]
            }
            """);
        File.AppendAllText(Node.ConfigPath, $"""

            [netd]
            cni_conf_dir = "{CniDir}"
            cni_bin_dirs = ["{binDir}", "/usr/lib/cni"]
            {netdToml}

            [gateway]
            cgroup_driver = "cgroupfs"
            {gatewayToml}
            """);
    }

    public const string NetworkName = "crimesh-pods-test";

    public DaemonNode Node { get; }

    public string Subnet { get; }

    public string Bridge { get; }

    public string CgroupParent { get; }

    public string CniDir { get; }

    public string IpamDir { get; }

    /// <summary>The first CNI plugin dir (before /usr/lib/cni): a test's own plugins go here.</summary>
    public string BinDir { get; }

    public RuntimeService.RuntimeServiceClient Runtime => new(_channel ??= UnixChannel.Create(Node.SocketPath("gateway")));

    public async Task StartAsync()
    {
        await Node.StartAllAsync();
    }

    /// <summary>Restarts the gateway with failpoints armed (empty: none), leaving the other daemons up.</summary>
    public async Task RestartGatewayAsync(string failpoints = "")
    {
        _channel?.Dispose();
        _channel = null;
        await Node.StopAsync("gateway");
        await Node.StartAsync("gateway", new Dictionary<string, string?> { ["CRIMESH_FAILPOINTS"] = failpoints.Length == 0 ? null : failpoints });
    }

    public PodSandboxConfig Config(string name, int attempt = 0) => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "pods-test", Uid = $"uid-{name}-{_rand}", Attempt = (uint)attempt },
        Hostname = name,
        Labels = { ["app"] = name, ["suite"] = "pods" },
        Annotations = { ["note"] = "made by PodSandboxTests" },
        // As kubelet sends it for an ordinary pod: PID per container, so no infra process.
        Linux = new LinuxPodSandboxConfig
        {
            CgroupParent = CgroupParent,
            SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Container } },
        },
    };

    public async Task<PodSandboxStatusResponse> StatusAsync(string id) =>
        await Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = id, Verbose = true });

    /// <summary>The verbose info JSON of a pod as a document.</summary>
    public async Task<JsonElement> InfoAsync(string id) =>
        JsonDocument.Parse((await StatusAsync(id)).Info["info"]).RootElement;

    public IReadOnlyList<string> PodCgroupDirs() => CgroupRoots()
        .Select(r => r + CgroupParent)
        .Where(Directory.Exists)
        .SelectMany(Directory.EnumerateDirectories)
        .ToList();

    /// <summary>Everything a pod could leave behind; empty when nothing is.</summary>
    public async Task<IReadOnlyList<string>> LeftoversAsync()
    {
        var left = new List<string>();
        // netd keeps its netns directory itself a mount point (for private propagation); pins are below it.
        var netnsDir = Path.Combine(Node.RunDir, "netns");
        left.AddRange(TempDir.ReadMountPoints()
            .Where(m => m.StartsWith(Node.Dir.Path, StringComparison.Ordinal) && m != netnsDir)
            .Select(m => "mount " + m));
        var veths = await ChildProcess.RunAsync("ip", ["-o", "link", "show", "master", Bridge], TimeSpan.FromSeconds(10), throwOnFailure: false);
        left.AddRange(veths.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "veth " + l));
        var leases = Path.Combine(IpamDir, NetworkName);
        if (Directory.Exists(leases))
        {
            left.AddRange(Directory.EnumerateFiles(leases).Select(Path.GetFileName)
                .Where(f => System.Net.IPAddress.TryParse(f, out _)).Select(f => "lease " + f));
        }
        left.AddRange(PodCgroupDirs().Select(d => "cgroup " + d));
        var records = Path.Combine(Node.StateDir, "gateway", "pods");
        if (Directory.Exists(records))
        {
            left.AddRange(Directory.EnumerateFiles(records).Where(f => !Path.GetFileName(f).StartsWith('.')).Select(f => "record " + f));
        }
        var netdRecords = Path.Combine(Node.StateDir, "netd", "pods");
        if (Directory.Exists(netdRecords))
        {
            left.AddRange(Directory.EnumerateFiles(netdRecords, "*.rec").Select(f => "netd record " + f));
        }
        var podDirs = Path.Combine(Node.RunDir, "pods");
        if (Directory.Exists(podDirs))
        {
            left.AddRange(Directory.EnumerateFileSystemEntries(podDirs).Select(d => "pod dir " + d));
        }
        return left;
    }

    public static IEnumerable<string> CgroupRoots() =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' '))
            .Where(f => Array.IndexOf(f, "-") is var d && d > 0 && f[d + 1] is "cgroup" or "cgroup2")
            .Select(f => f[4]);

    /// <summary>Runs a command inside a network namespace (nsenter), bounded in time.</summary>
    public static Task<ProcessResult> InNetnsAsync(string netns, params string[] command) =>
        ChildProcess.RunAsync("nsenter", [$"--net={netns}", .. command], TimeSpan.FromSeconds(20), throwOnFailure: false);

    public async ValueTask DisposeAsync()
    {
        await RemoveAllPodsAsync();
        _channel?.Dispose();
        await Node.DisposeAsync();
        KillProcessesInOurCgroups();
        await ChildProcess.RunAsync("ip", ["link", "del", Bridge], TimeSpan.FromSeconds(10), throwOnFailure: false);
        foreach (var root in CgroupRoots())
        {
            var dir = root + CgroupParent;
            if (Directory.Exists(dir))
            {
                foreach (var child in Directory.EnumerateDirectories(dir))
                {
                    TryRmdir(child);
                }
                TryRmdir(dir);
            }
        }
    }

    /// <summary>A failed test may leave pods: remove every pod the gateway still lists (best effort).</summary>
    private async Task RemoveAllPodsAsync()
    {
        try
        {
            if (!await Node.IsServingAsync("gateway"))
            {
                return;
            }
            foreach (var pod in (await Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: DateTime.UtcNow.AddSeconds(20))).Items)
            {
                await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id }, deadline: DateTime.UtcNow.AddSeconds(30));
            }
        }
        catch (Grpc.Core.RpcException)
        {
        }
    }

    /// <summary>Infra processes of pods a failed test could not remove: SIGKILL by the PIDs in this test's cgroups.</summary>
    private void KillProcessesInOurCgroups()
    {
        foreach (var procs in PodCgroupDirs().Select(d => Path.Combine(d, "cgroup.procs")).Where(File.Exists))
        {
            foreach (var line in File.ReadAllLines(procs))
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    try
                    {
                        System.Diagnostics.Process.GetProcessById(pid).Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                    }
                }
            }
        }
        Thread.Sleep(100);
    }

    private static void TryRmdir(string dir)
    {
        try
        {
            Directory.Delete(dir);
        }
        catch (IOException)
        {
        }
    }

    public static string Ns(long n) => n.ToString(CultureInfo.InvariantCulture);
}
