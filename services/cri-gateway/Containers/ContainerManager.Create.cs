using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;
using ConmonV1 = CriMesh.Protos.Conmon.V1;
using ImagedV1 = CriMesh.Protos.Imaged.V1;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    /// <summary>IDs of creates at work: their rootfs and conmon container exist before their record.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> creating = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates a container: validate, reserve the name in the pod, then root filesystem, spec and conmon's
    /// create, each with its undo; the record is written last. A create that outlives kubelet's deadline is
    /// parked for the retry (see ContainerManager.Parking.cs).
    /// </summary>
    public Task<string> CreateAsync(CreateContainerRequest request, CancellationToken ct)
    {
        var config = request.Config ?? throw CriMeshException.Invalid("CreateContainer: config is missing");
        ValidateConfig(config);
        var pod = pods.Find(request.PodSandboxId)
            ?? throw CriMeshException.NotFound($"pod sandbox \"{request.PodSandboxId}\" not found");
        if (!pod.Ready) throw new CriMeshException(ErrorKind.FailedPrecondition, $"pod sandbox {request.PodSandboxId} is not ready");
        return CreateOrJoinAsync(ContainerRecord.NameKeyOf(request.PodSandboxId, config.Metadata),
            token => CreateCoreAsync(config, pod, token), ct);
    }

    private static void ValidateConfig(ContainerConfig config)
    {
        var name = config.Metadata?.Name ?? "";
        if (name.Length == 0) throw CriMeshException.Invalid("CreateContainer: metadata.name is empty");
        if (name.Length > 253 || name.Any(c => c is '/' or '\0' || char.IsControl(c)))
            throw CriMeshException.Invalid($"CreateContainer: container name \"{name}\" is not a valid name");
        if ((config.Image?.Image ?? "").Length == 0) throw CriMeshException.Invalid("CreateContainer: image is empty");
    }

    private async Task<ContainerRecord> CreateCoreAsync(ContainerConfig config, PodView pod, CancellationToken ct)
    {
        var image = await FindImageAsync(config.Image.Image, ct).ConfigureAwait(false);
        var logPath = LogPaths.Resolve(pod.Context.LogDirectory, config.LogPath);
        var id = NewId();
        creating[id] = 0;
        try
        {
            return await CreateStepsAsync(id, config, pod, image, logPath, ct).ConfigureAwait(false);
        }
        finally
        {
            creating.TryRemove(id, out _);
        }
    }

    private async Task<ContainerRecord> CreateStepsAsync(string id, ContainerConfig config, PodView pod, FoundImage image, string logPath,
        CancellationToken ct)
    {
        await using var undo = new ContainerUndo(id, logger);
        var stateDir = Path.Combine(store.Directory, id);
        undo.Push("state dir", () => { if (Directory.Exists(stateDir)) Directory.Delete(stateDir, recursive: true); });
        Directory.CreateDirectory(stateDir);
        if (logPath.Length > 0) Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);

        var rootfs = await storaged.PrepareRootfsAsync(new StoragedV1.PrepareRootfsRequest
        {
            ContainerId = id, ImageId = image.Id, Mount = true, Labels = { [RootfsOwnerLabel] = pod.Context.SandboxId },
        }, cancellationToken: ct).ConfigureAwait(false);
        undo.Push("rootfs", t => storaged.RemoveRootfsAsync(new StoragedV1.RemoveRootfsRequest { ContainerId = id }, cancellationToken: t).ResponseAsync);

        var input = new SpecInput
        {
            ContainerId = id, Config = config, Pod = pod.Context, Image = image.Run, ImageName = config.Image.Image,
            RootfsPath = rootfs.MountPoint, StateDirectory = stateDir,
            TargetPidNsPath = await TargetPidNsAsync(config, ct).ConfigureAwait(false),
        };
        var spec = SpecBuilder.Build(input, facts.Value);
        Failpoint("container-create-before-conmon");

        undo.Push("conmon", t => conmon.DeleteContainerAsync(new ConmonV1.DeleteContainerRequest { ContainerId = id }, cancellationToken: t).ResponseAsync);
        await conmon.CreateContainerAsync(new ConmonV1.CreateContainerRequest
        {
            ContainerId = id, SandboxId = pod.Context.SandboxId, RuntimeHandler = pod.Context.RuntimeHandler,
            SpecJson = OciJson.Serialize(spec), RootfsPath = rootfs.MountPoint, LogPath = logPath,
            Tty = config.Tty, Stdin = config.Stdin, StdinOnce = config.StdinOnce, CgroupPath = spec.Linux.CgroupsPath ?? "",
            Labels = { config.Labels },
        }, cancellationToken: ct).ConfigureAwait(false);
        Failpoint("container-create-after-conmon");

        var record = new ContainerRecord
        {
            Id = id, SandboxId = pod.Context.SandboxId, Config = config, ImageId = image.Id, ImageName = config.Image.Image,
            LogPath = logPath, StateDir = stateDir, CgroupPath = spec.Linux.CgroupsPath ?? "", CreatedAtNs = NowNs(),
            StopSignal = Signals.Parse(image.Run.StopSignal), Uid = spec.Process.User.Uid, Gid = spec.Process.User.Gid,
        };
        store.Put(record);
        undo.Commit();
        Log.ContainerCreated(logger, id, config.Metadata.Name, pod.Context.SandboxId);
        return record;
    }

    private sealed record FoundImage(string Id, ImageRunConfig Run);

    /// <summary>The image's ID and run config from imaged; NotFound when it is not pulled.</summary>
    private async Task<FoundImage> FindImageAsync(string image, CancellationToken ct)
    {
        var status = await imaged.ImageStatusAsync(new ImagedV1.ImageStatusRequest { Image = image, Verbose = true },
            cancellationToken: ct).ConfigureAwait(false);
        if (status.Image is null) throw CriMeshException.NotFound($"image \"{image}\" not found; pull it first");
        var run = OciJson.ParseImageConfig(status.Info.GetValueOrDefault("config") ?? "");
        return new FoundImage(status.Image.Id, run);
    }

    /// <summary>For NamespaceMode TARGET: the PID namespace of the named running container of the same pod.</summary>
    private async Task<string?> TargetPidNsAsync(ContainerConfig config, CancellationToken ct)
    {
        var ns = config.Linux?.SecurityContext?.NamespaceOptions;
        if (ns is null || ns.Pid != NamespaceMode.Target) return null;
        if (store.TryResolve(ns.TargetId) is not { } target) return null;
        var state = await conmon.GetContainerAsync(new ConmonV1.GetContainerRequest { ContainerId = target.Id }, cancellationToken: ct)
            .ConfigureAwait(false);
        return state.Status == ConmonV1.ContainerStatus.Running && state.Pid > 0 ? $"/proc/{state.Pid}/ns/pid" : null;
    }

    /// <summary>Throws when the named failpoint is armed (test builds only).</summary>
    private static void Failpoint(string name)
    {
#if CRIMESH_FAILPOINTS
        var armed = Environment.GetEnvironmentVariable("CRIMESH_FAILPOINTS");
        if (armed is not null && armed.Split(',').Contains(name)) throw new CriMeshException(ErrorKind.Internal, $"failpoint {name}");
#endif
    }
}
