using System.Diagnostics;
using System.Globalization;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Benchmarks.Pods;

/// <summary>Timing samples (ms) of the four sandbox RPCs in one pass, and the wall time of each phase.</summary>
internal sealed class PassSamples
{
    public static readonly string[] Rpcs = ["RunPodSandbox", "PodSandboxStatus", "StopPodSandbox", "RemovePodSandbox"];

    public Dictionary<string, List<double>> Ms { get; } = Rpcs.ToDictionary(r => r, _ => new List<double>(), StringComparer.Ordinal);

    public Dictionary<string, double> WallMs { get; } = new(StringComparer.Ordinal);

    /// <summary>PSS of the runtime's processes with every pod of the pass up (after Status, before Stop).</summary>
    public string PssWithPodsUp { get; set; } = "";
}

/// <summary>
/// One pass: RunPodSandbox of N pods, then PodSandboxStatus, StopPodSandbox and RemovePodSandbox of each,
/// phase by phase, with at most C calls in flight. Every pod has bridge networking (the runtime's own CNI
/// network), PID namespace per container (as kubelet asks for an ordinary pod), a cgroup under the
/// network's cgroup parent.
/// </summary>
internal sealed class PodCycle(IPodEndpoint endpoint, string runId)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);

    public async Task<PassSamples> RunAsync(string pass, int pods, int concurrency, CancellationToken ct)
    {
        var samples = new PassSamples();
        var runtime = endpoint.Runtime;
        var ids = new string[pods];
        await PhaseAsync(samples, "RunPodSandbox", pods, concurrency, async i =>
            ids[i] = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = Config(pass, i) }, deadline: Deadline(), cancellationToken: ct)).PodSandboxId, ct);
        await PhaseAsync(samples, "PodSandboxStatus", pods, concurrency, async i =>
        {
            var status = await runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = ids[i] }, deadline: Deadline(), cancellationToken: ct);
            if (status.Status.State != PodSandboxState.SandboxReady || status.Status.Network?.Ip is null or "")
            {
                throw new InvalidOperationException($"{endpoint.Name}: pod {ids[i]} is {status.Status.State} with IP '{status.Status.Network?.Ip}'");
            }
        }, ct);
        samples.PssWithPodsUp = Pss.Describe(endpoint.Processes());
        await PhaseAsync(samples, "StopPodSandbox", pods, concurrency, async i =>
            await runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = ids[i] }, deadline: Deadline(), cancellationToken: ct), ct);
        await PhaseAsync(samples, "RemovePodSandbox", pods, concurrency, async i =>
            await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = ids[i] }, deadline: Deadline(), cancellationToken: ct), ct);
        return samples;
    }

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;

    private static async Task PhaseAsync(PassSamples samples, string rpc, int pods, int concurrency, Func<int, Task> call, CancellationToken ct)
    {
        var list = samples.Ms[rpc];
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, pods), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, _) =>
            {
                var start = Stopwatch.GetTimestamp();
                await call(i);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                lock (list)
                {
                    list.Add(ms);
                }
            });
        samples.WallMs[rpc] = wall.Elapsed.TotalMilliseconds;
    }

    private PodSandboxConfig Config(string pass, int i)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"bench-{pass}-{i}");
        return new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "bench", Uid = $"{runId}-{name}", Attempt = 0 },
            Hostname = name,
            Labels = { ["app"] = "bench", ["pass"] = pass },
            Annotations = { ["bench"] = runId },
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = endpoint.Network.CgroupParent,
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Container } },
            },
        };
    }

    /// <summary>Best effort: removes every pod the runtime lists (a failed run leaves some).</summary>
    public static async Task RemoveAllAsync(IPodEndpoint endpoint)
    {
        try
        {
            var pods = await endpoint.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            foreach (var pod in pods.Items)
            {
                await endpoint.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id }, deadline: Deadline());
                await endpoint.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id }, deadline: Deadline());
            }
        }
        catch (Grpc.Core.RpcException e)
        {
            Console.Error.WriteLine($"warning: {endpoint.Name}: removing leftover pods failed: {e.Status}");
        }
    }
}
