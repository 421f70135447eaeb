namespace CriMesh.Imaged.Store;

/// <summary>The whole image index as written to <c>index.json</c>. <see cref="Version"/> changes with the format.</summary>
public sealed record StoreIndex
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public IReadOnlyList<ImageRecord> Images { get; init; } = [];
}
