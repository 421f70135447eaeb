namespace CriMesh.Imaged.Store;

/// <summary>One layer of a stored image: its blob, its uncompressed digest and its chain ID.</summary>
public sealed record ImageLayerRecord
{
    public required string Digest { get; init; }

    public required string DiffId { get; init; }

    public required string ChainId { get; init; }

    public required string MediaType { get; init; }

    public long Size { get; init; }
}
