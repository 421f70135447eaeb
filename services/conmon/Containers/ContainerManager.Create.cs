using System.Text.Json;
using System.Text.Json.Nodes;
using CriMesh.Common.Errors;
using CriMesh.Common.Operations;
using CriMesh.Conmon.Monitor;
using CriMesh.Protos.Conmon.V1;

namespace CriMesh.Conmon.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Validates, reserves the ID, writes the bundle, starts the monitor (which runs <c>runtime create</c>),
    /// then writes the record. Any failure undoes every step: monitor, runtime state, bundle, exit file.
    /// </summary>
    public async Task<ContainerState> CreateAsync(CreateContainerRequest request, CancellationToken ct)
    {
        var id = ContainerIds.Require(request.ContainerId);
        var handler = _handlers.Resolve(request.RuntimeHandler);
        var spec = ParseSpec(request);
        if (request.SandboxId.Length > 0)
        {
            ContainerIds.Require(request.SandboxId);
        }
        var slot = new Slot();
        if (!_slots.TryAdd(id, slot))
        {
            throw new CriMeshException(ErrorKind.AlreadyExists, $"container {id} already exists");
        }
        await using var undo = new UndoStack(_logger);
        undo.Push("release id", () => _slots.TryRemove(new KeyValuePair<string, Slot>(id, slot)));
        var bundle = _layout.Bundle(id);
        Directory.CreateDirectory(bundle, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        undo.Push("remove bundle", () => Directory.Delete(bundle, recursive: true));
        File.WriteAllText(Path.Combine(bundle, "config.json"), spec.ToJsonString());
        var created = NowUnixNano();
        undo.Push("delete runtime state", c => DiscardRuntimeStateAsync(handler, id, c));
        var started = await _launcher.StartAsync(
            new MonitorRequest(id, handler, bundle, request.LogPath, _layout.ExitDir, _layout.AttachDir, request.Tty, request.Stdin, request.StdinOnce),
            _options.CreateTimeout, ct).ConfigureAwait(false);
        var record = new ContainerRecord
        {
            Id = id,
            SandboxId = request.SandboxId,
            Handler = handler.Name,
            BundlePath = bundle,
            LogPath = request.LogPath,
            CgroupPath = request.CgroupPath,
            ResolvedCgroup = Stats.CgroupFiles.ResolveFromProc(started.ContainerPid),
            Labels = new Dictionary<string, string>(request.Labels, StringComparer.Ordinal),
            Tty = request.Tty,
            Stdin = request.Stdin,
            StdinOnce = request.StdinOnce,
            Phase = ContainerPhase.Created,
            Pid = started.ContainerPid,
            MonitorPid = started.MonitorPid,
            CreatedUnixNano = created,
        };
        _store.Put(record);
        undo.Commit();
        Log.Created(_logger, id, handler.Name, started.ContainerPid, started.MonitorPid);
        Publish(ContainerEventType.ContainerEventCreated, record);
        return ToState(record);
    }

    /// <summary>Kills whatever a failed create left running (monitor group, container) and forgets it in the runtime.</summary>
    private async Task DiscardRuntimeStateAsync(Runtime.RuntimeHandler handler, string id, CancellationToken ct)
    {
        var monitorPid = MonitorLauncher.ReadPidFile(Path.Combine(_layout.Bundle(id), MonitorArguments.MonitorPidFile));
        if (monitorPid > 0 && MonitorProcess.IsMonitorOf(monitorPid, id))
        {
            CriMesh.Linux.Interop.Libc.Kill(-monitorPid, 9);
        }
        await _runtime.DeleteAsync(handler, id, ct).ConfigureAwait(false);
        File.Delete(_layout.ExitFile(id));
    }

    /// <summary>The spec as a JSON object with root.path and process.terminal set from the request.</summary>
    private static JsonObject ParseSpec(CreateContainerRequest request)
    {
        ContainerIds.RequireCleanAbsolute("rootfs_path", request.RootfsPath);
        if (!Directory.Exists(request.RootfsPath))
        {
            throw CriMeshException.Invalid($"rootfs_path {request.RootfsPath} is not a directory");
        }
        ContainerIds.RequireCleanAbsolute("log_path", request.LogPath);
        if (!Directory.Exists(Path.GetDirectoryName(request.LogPath)) || Directory.Exists(request.LogPath))
        {
            throw CriMeshException.Invalid($"log_path {request.LogPath}: its directory must exist and the path must not be a directory");
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(request.SpecJson);
        }
        catch (JsonException e)
        {
            throw CriMeshException.Invalid($"spec_json is not valid JSON: {e.Message}");
        }
        if (node is not JsonObject spec || spec["process"] is not JsonObject process)
        {
            throw CriMeshException.Invalid("spec_json must be a JSON object with a \"process\" object");
        }
        var readOnly = spec["root"] is JsonObject root && root["readonly"] is JsonValue ro && ro.TryGetValue<bool>(out var b) && b;
        spec["root"] = new JsonObject { ["path"] = request.RootfsPath, ["readonly"] = readOnly };
        process["terminal"] = request.Tty;
        return spec;
    }
}
