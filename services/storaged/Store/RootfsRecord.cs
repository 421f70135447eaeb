namespace CriMesh.Storaged.Store;

/// <summary>rootfs/&lt;container&gt;/rootfs.json: a container's writable layer over an image's chain.</summary>
public sealed record RootfsRecord
{
    public int Version { get; init; } = 1;

    public required string ContainerId { get; init; }

    public required string ImageId { get; init; }

    public required string TopChainId { get; init; }

    /// <summary>The chain from the top layer down to the base (overlay lowerdir order).</summary>
    public required IReadOnlyList<string> Chain { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public long CreatedUnixNano { get; init; }
}
