using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Containers.Spec;

/// <summary>Everything <see cref="SpecBuilder"/> turns into one config.json.</summary>
public sealed record SpecInput
{
    public required string ContainerId { get; init; }
    public required ContainerConfig Config { get; init; }
    public required PodContext Pod { get; init; }

    /// <summary>The image's run config (may be empty for a config without one).</summary>
    public required ImageRunConfig Image { get; init; }

    /// <summary>The image reference the container was created from (for annotations).</summary>
    public string ImageName { get; init; } = "";

    /// <summary>The mounted root filesystem (absolute).</summary>
    public required string RootfsPath { get; init; }

    /// <summary>The container's state dir in the gateway, where its termination message file is made.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The host PID namespace file of the target container (NamespaceMode TARGET), resolved by the caller.</summary>
    public string? TargetPidNsPath { get; init; }
}
