using System.Security.Cryptography;
using CriMesh.Common.Config;
using CriMesh.Gateway.Containers.Spec;
using CriMesh.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ConmonV1 = CriMesh.Protos.Conmon.V1;
using ImagedV1 = CriMesh.Protos.Imaged.V1;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.Gateway.Containers;

/// <summary>
/// The containers: the work behind the CRI container RPCs, one partial file per concern
/// (ContainerManager.Create.cs, .Stop.cs, ...). The gateway keeps what a container is; conmon keeps what it
/// is doing, and is asked. At start it loads the records and removes what a crash left half-made.
/// </summary>
public sealed partial class ContainerManager : IHostedService, IDisposable
{
    /// <summary>Label put on every root filesystem the gateway prepares, so orphans can be found.</summary>
    public const string RootfsOwnerLabel = "io.crimesh.gateway.container";

    private readonly ContainerStore store;
    private readonly IPodDirectory pods;
    private readonly ConmonV1.Conmon.ConmonClient conmon;
    private readonly ImagedV1.Imaged.ImagedClient imaged;
    private readonly StoragedV1.Storaged.StoragedClient storaged;
    private readonly GatewayOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<ContainerManager> logger;
    private readonly Lazy<RuntimeFacts> facts;
    private readonly CancellationTokenSource stopping = new();
    private ITimer? parkedTimer;
    private Task reconciled = Task.CompletedTask;

    public ContainerManager(NodeOptions node, GatewayOptions options, IPodDirectory pods, ConmonV1.Conmon.ConmonClient conmon,
        ImagedV1.Imaged.ImagedClient imaged, StoragedV1.Storaged.StoragedClient storaged, TimeProvider time,
        ILogger<ContainerManager> logger)
    {
        this.options = options;
        this.pods = pods;
        this.conmon = conmon;
        this.imaged = imaged;
        this.storaged = storaged;
        this.time = time;
        this.logger = logger;
        store = new ContainerStore(Path.Combine(node.DaemonStateDir("gateway"), "containers"), logger);
        var driver = options.EffectiveCgroupDriver(Directory.Exists("/run/systemd/system"));
        facts = new Lazy<RuntimeFacts>(() => HostFacts.Read(driver, options.PidsLimit, recursiveReadOnly: false));
    }

    public ContainerStore Store => store;

    public RuntimeFacts Facts => facts.Value;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        store.Load();
        // Peers may still be starting: reconcile in the background, not holding up the gateway's readiness.
        reconciled = Task.Run(() => ReconcileAsync(stopping.Token), CancellationToken.None);
        await Task.CompletedTask.ConfigureAwait(false);
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, options.ParkedContainerTimeout.Ticks / 4));
        parkedTimer = time.CreateTimer(_ => _ = RemoveExpiredParkedAsync(), null, period, period);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        parkedTimer?.Dispose();
        await stopping.CancelAsync().ConfigureAwait(false);
        await reconciled.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        parkedTimer?.Dispose();
        stopping.Dispose();
    }

    private long NowNs() => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
