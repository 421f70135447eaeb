using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Containers;

/// <summary>
/// One container as the gateway keeps it (STATE_DIR/gateway/containers/ID.rec). What the container is
/// (its config, image, paths); what it is doing (created / running / exited, exit code) is conmon's truth
/// and is read from there. Immutable: a change is a new record written before it is published.
/// </summary>
public sealed record ContainerRecord
{
    public required string Id { get; init; }
    public required string SandboxId { get; init; }

    /// <summary>The creating config, exactly as kubelet sent it.</summary>
    public required ContainerConfig Config { get; init; }

    /// <summary>The image ID (config digest): the CRI's image_ref.</summary>
    public string ImageId { get; init; } = "";

    /// <summary>The image as kubelet named it.</summary>
    public string ImageName { get; init; } = "";

    /// <summary>Absolute path of the CRI log file (pod log_directory + log_path); empty without one.</summary>
    public string LogPath { get; init; } = "";

    /// <summary>STATE_DIR/gateway/containers/ID: the termination message file.</summary>
    public string StateDir { get; init; } = "";

    /// <summary>The container's cgroup in the driver's syntax.</summary>
    public string CgroupPath { get; init; } = "";

    public long CreatedAtNs { get; init; }

    /// <summary>The image's stop signal as a number (SIGTERM = 15 when the image names none).</summary>
    public int StopSignal { get; init; } = 15;

    /// <summary>The numeric user the process runs as.</summary>
    public long Uid { get; init; }

    public long Gid { get; init; }

    /// <summary>Finished after kubelet's deadline and not yet claimed by its retry; hidden from List.</summary>
    public bool Parked { get; init; }

    public long ParkedAtNs { get; init; }

    public ContainerMetadata Metadata => Config.Metadata;

    /// <summary>The name kubelet reserves in a pod: pod ID, name and attempt.</summary>
    public string NameKey => NameKeyOf(SandboxId, Config.Metadata);

    public static string NameKeyOf(string sandboxId, ContainerMetadata m) => $"{sandboxId}/{m.Name}/{m.Attempt}";
}
