using System.Globalization;
using CriMesh.Testing;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;

namespace CriMesh.Benchmarks.Pods;

/// <summary>
/// RunPodSandbox → PodSandboxStatus → StopPodSandbox → RemovePodSandbox of N pods with bridge networking,
/// sequential and C at a time, against CriMesh (its five daemons) and against containerd in the same run,
/// each over its CRI Unix socket. Prints p50 / p95 / max per RPC, PSS of each runtime's processes, and the
/// CriMesh / containerd ratios. Args: [pods (default 100)] [--concurrency=C (10)] [--only=crimesh|containerd]
/// [--daemon-log=PATH (CriMesh's daemons log at debug into PATH; for profiling)].
/// Needs root, the CNI plugins in /usr/lib/cni, and containerd (benchmarks/pods.sh installs it).
/// </summary>
public sealed class PodBenchmark : IBenchmark
{
    private const int WarmupPods = 5;

    public string Name => "pods";

    public string Description => "sandbox RPCs of 100 bridge-networked pods, sequential and 10 at a time: CriMesh vs containerd";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var pods = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 100;
        var concurrency = Option(args, "--concurrency=") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 10;
        var only = Option(args, "--only=");
        var runId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        Console.WriteLine($"pods={pods} concurrency={concurrency} run={runId} cores={Environment.ProcessorCount} load={File.ReadAllText("/proc/loadavg").Trim()}");

        var results = new Dictionary<string, RuntimeResult>(StringComparer.Ordinal);
        if (only is null or "crimesh")
        {
            results["CriMesh"] = await MeasureAsync(await CriMeshEndpoint.StartAsync(Option(args, "--daemon-log="), cancellationToken), pods, concurrency, runId, cancellationToken);
        }
        if (only is null or "containerd")
        {
            await using var registry = await new RegistryServer().StartAsync(cancellationToken);
            using (var push = new RegistryPusher(registry))
            {
                await push.PushAsync("bench/pause", PauseImage(), "latest", cancellationToken);
            }
            var version = (await ChildProcess.RunAsync("containerd", ["--version"], TimeSpan.FromSeconds(10))).Stdout.Trim();
            Console.WriteLine(version);
            var endpoint = await ContainerdEndpoint.StartAsync(registry.Host, registry.Reference("bench/pause", "latest"), cancellationToken);
            results["containerd"] = await MeasureAsync(endpoint, pods, concurrency, runId, cancellationToken);
        }
        PodReport.PrintComparison(results, concurrency);
        return 0;
    }

    /// <summary>
    /// The sandbox image for containerd: busybox whose entrypoint sleeps (as PID 1 it has no SIGTERM handler;
    /// containerd stops a sandbox with SIGKILL anyway). CriMesh needs none: an ordinary pod has no infra process.
    /// </summary>
    private static TestImage PauseImage() => new TestImageBuilder()
        .WithEntrypoint("/bin/sleep", "2147483647")
        .WithCmd()
        .AddLayer(t => t.AddBusybox(), LayerCompression.Gzip, "busybox")
        .Build();

    private static async Task<RuntimeResult> MeasureAsync(IPodEndpoint endpoint, int pods, int concurrency, string runId, CancellationToken ct)
    {
        await using (endpoint)
        {
            try
            {
                var cycle = new PodCycle(endpoint, runId);
                Console.WriteLine($"== {endpoint.Name}: bridge {endpoint.Network.Bridge}, subnet {endpoint.Network.Subnet}, cgroup parent {endpoint.Network.CgroupParent}");
                var idle = Pss.Describe(endpoint.Processes());
                Console.WriteLine($"PSS idle:           {idle}");
                await cycle.RunAsync("warmup", WarmupPods, 1, ct);
                Console.WriteLine($"PSS after warm-up:  {Pss.Describe(endpoint.Processes())}");
                var sequential = await cycle.RunAsync("seq", pods, 1, ct);
                Console.WriteLine($"PSS with {pods} pods up (sequential pass): {sequential.PssWithPodsUp}");
                PodReport.PrintPass($"{endpoint.Name} sequential", sequential);
                var parallel = await cycle.RunAsync("par", pods, concurrency, ct);
                Console.WriteLine($"PSS with {pods} pods up ({concurrency} at a time): {parallel.PssWithPodsUp}");
                PodReport.PrintPass($"{endpoint.Name} {concurrency} at a time", parallel);
                Console.WriteLine($"PSS after (all removed): {Pss.Describe(endpoint.Processes())}");
                return new RuntimeResult(sequential, parallel);
            }
            finally
            {
                await PodCycle.RemoveAllAsync(endpoint);
            }
        }
    }

    private static string? Option(string[] args, string prefix) =>
        args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
}

/// <summary>The two passes of one runtime.</summary>
internal sealed record RuntimeResult(PassSamples Sequential, PassSamples Parallel);
