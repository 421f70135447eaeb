namespace CriMesh.Storaged.Rootfs;

/// <summary>A mount description (type, source, options, as for mount(8)) and where storaged mounts it.</summary>
public sealed record RootfsMount(string Type, string Source, IReadOnlyList<string> Options, string MountPoint);
