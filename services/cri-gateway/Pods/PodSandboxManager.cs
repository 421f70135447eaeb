using System.Collections.Concurrent;
using System.Security.Cryptography;
using CriMesh.Common.Config;
using CriMesh.Gateway.Options;
using CriMesh.Protos.Netd.V1;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// The pod sandboxes: the work behind the CRI sandbox RPCs, each in its own partial file
/// (PodSandboxManager.Run.cs, .Stop.cs, ...). At start it loads the records, undoes pods a crash left
/// half-built, and starts the timer that removes parked pods nobody claimed.
/// </summary>
public sealed partial class PodSandboxManager : IHostedService, IDisposable
{
    private readonly PodStore _store;
    private readonly Netd.NetdClient _netd;
    private readonly GatewayOptions _options;
    private readonly IPodContainers _containers;
    private readonly TimeProvider _time;
    private readonly ILogger<PodSandboxManager> _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _podLocks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CreateJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _jobsLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _parkedTimer;

    public PodSandboxManager(NodeOptions node, GatewayOptions options, Netd.NetdClient netd, IPodContainers containers,
        TimeProvider time, ILogger<PodSandboxManager> logger)
    {
        _options = options;
        _netd = netd;
        _containers = containers;
        _time = time;
        _logger = logger;
        RunDir = Path.Combine(node.RunDir, "pods");
        _store = new PodStore(Path.Combine(node.DaemonStateDir("gateway"), "pods"));
        CgroupDriver = options.EffectiveCgroupDriver(Directory.Exists("/run/systemd/system"));
        Oom = OomScoreAdjPolicy.ForThisProcess(
            options.ClampOomScoreAdj == "auto" ? null : options.ClampOomScoreAdj == "true", logger);
    }

    /// <summary>RUN_DIR/pods: one directory per pod.</summary>
    public string RunDir { get; }

    public string CgroupDriver { get; }

    public OomScoreAdjPolicy Oom { get; }

    public PodStore Store => _store;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(RunDir);
        var records = _store.Load();
        await RecoverAsync(records, cancellationToken).ConfigureAwait(false);
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, _options.ParkedPodTimeout.Ticks / 4));
        _parkedTimer = _time.CreateTimer(_ => _ = RemoveExpiredParkedAsync(), null, period, period);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _parkedTimer?.Dispose();
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _parkedTimer?.Dispose();
        _stopping.Dispose();
    }

    private long NowNs() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Serialises stop, remove and claim of one pod.</summary>
    private async Task<IDisposable> LockPodAsync(string id, CancellationToken ct)
    {
        var gate = _podLocks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
