using System.Collections.Concurrent;
using CriMesh.Common.Errors;
using CriMesh.Common.State;
using CriMesh.Conmon.Events;
using CriMesh.Conmon.Monitor;
using CriMesh.Conmon.Options;
using CriMesh.Conmon.Runtime;
using CriMesh.Protos.Conmon.V1;
using Microsoft.Extensions.Logging;

namespace CriMesh.Conmon.Containers;

/// <summary>
/// The containers of this node: one record each (written before a change is published), one monitor
/// each, exits learnt from the exit dir. Every change to one container happens under its slot's gate,
/// so an exit that races a start or a stop is applied once, after it.
/// </summary>
public sealed partial class ContainerManager
{
    private readonly ConmonOptions _options;
    private readonly ContainerLayout _layout;
    private readonly RuntimeHandlers _handlers;
    private readonly OciRuntime _runtime;
    private readonly MonitorLauncher _launcher;
    private readonly EventHub _events;
    private readonly TimeProvider _time;
    private readonly ILogger<ContainerManager> _logger;
    private readonly RecordStore<ContainerRecord> _store;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public ContainerManager(ConmonOptions options, ContainerLayout layout, RuntimeHandlers handlers, OciRuntime runtime,
        MonitorLauncher launcher, EventHub events, TimeProvider time, ILogger<ContainerManager> logger)
    {
        _options = options;
        _layout = layout;
        _handlers = handlers;
        _runtime = runtime;
        _launcher = launcher;
        _events = events;
        _time = time;
        _logger = logger;
        layout.CreateDirectories();
        _store = new RecordStore<ContainerRecord>(layout.RecordsDir, ContainerRecordFormatter.SchemaVersion,
            ContainerRecordFormatter.Instance, r => r.Id, logger);
    }

    public ContainerState Get(string id) =>
        ToState(_store.Get(ContainerIds.Require(id)) ?? throw CriMeshException.NotFound($"container {id} not found"));

    public IReadOnlyList<ContainerState> List(string sandboxId) =>
        _store.All.Where(r => sandboxId.Length == 0 || r.SandboxId == sandboxId)
            .OrderBy(r => r.CreatedUnixNano)
            .Select(ToState)
            .ToList();

    internal static ContainerState ToState(ContainerRecord r) => new()
    {
        ContainerId = r.Id,
        SandboxId = r.SandboxId,
        Status = r.Phase switch
        {
            ContainerPhase.Created => ContainerStatus.Created,
            ContainerPhase.Running => ContainerStatus.Running,
            ContainerPhase.Exited => ContainerStatus.Exited,
            _ => ContainerStatus.Unknown,
        },
        Pid = r.Phase == ContainerPhase.Exited ? 0 : r.Pid,
        CreatedUnixNano = r.CreatedUnixNano,
        StartedUnixNano = r.StartedUnixNano,
        FinishedUnixNano = r.FinishedUnixNano,
        ExitCode = r.ExitCode,
        OomKilled = r.OomKilled,
        LogPath = r.LogPath,
        RuntimeHandler = r.Handler,
        BundlePath = r.BundlePath,
        MonitorPid = r.MonitorPid,
        CgroupPath = r.CgroupPath,
        Message = r.Message,
    };

    private long NowUnixNano() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>The record and slot of an existing container; NotFound otherwise.</summary>
    private (ContainerRecord Record, Slot Slot) Require(string id)
    {
        ContainerIds.Require(id);
        return _store.Get(id) is { } record && _slots.TryGetValue(id, out var slot)
            ? (record, slot)
            : throw CriMeshException.NotFound($"container {id} not found");
    }

    private void Publish(ContainerEventType type, ContainerRecord record) =>
        _events.Publish(type, ToState(record), NowUnixNano());

    /// <summary>Per-container gate and exit signal.</summary>
    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public TaskCompletionSource Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<Releaser> LockAsync(CancellationToken ct)
        {
            await Gate.WaitAsync(ct).ConfigureAwait(false);
            return new Releaser(Gate);
        }
    }

    private readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
