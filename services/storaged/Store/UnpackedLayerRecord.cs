namespace CriMesh.Storaged.Store;

/// <summary>layers/&lt;chain&gt;/layer.json: one unpacked layer.</summary>
public sealed record UnpackedLayerRecord
{
    public int Version { get; init; } = 1;

    public required string ChainId { get; init; }

    public required string DiffId { get; init; }

    /// <summary>Empty for a base layer.</summary>
    public required string ParentChainId { get; init; }

    public string BlobDigest { get; init; } = "";

    /// <summary>Short name under l/ used in overlay lowerdir options.</summary>
    public required string Link { get; init; }

    /// <summary>Bytes of file data in the unpacked layer.</summary>
    public long Size { get; init; }

    /// <summary>Inodes in the unpacked layer.</summary>
    public long Inodes { get; init; }

    public long CreatedUnixNano { get; init; }
}
