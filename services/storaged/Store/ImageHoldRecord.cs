namespace CriMesh.Storaged.Store;

/// <summary>images/&lt;sha256(id)&gt;.json: an image's hold on its layer chain.</summary>
public sealed record ImageHoldRecord
{
    public int Version { get; init; } = 1;

    public required string ImageId { get; init; }

    public required string TopChainId { get; init; }

    public long CreatedUnixNano { get; init; }
}
