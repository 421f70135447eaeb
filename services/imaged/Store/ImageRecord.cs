namespace CriMesh.Imaged.Store;

/// <summary>
/// One stored image. Its ID is the digest of its config blob; the manifest and config are kept as
/// blobs, so this record holds only what lookups and the CRI need.
/// </summary>
public sealed record ImageRecord
{
    /// <summary>The config digest, <c>sha256:...</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Fully qualified <c>registry/path:tag</c> names pointing at this image.</summary>
    public IReadOnlyList<string> RepoTags { get; init; } = [];

    /// <summary>Fully qualified <c>registry/path@digest</c> names (the digest of what was pulled: manifest or index).</summary>
    public IReadOnlyList<string> RepoDigests { get; init; } = [];

    /// <summary>Digest of the platform image manifest.</summary>
    public required string ManifestDigest { get; init; }

    public required string ManifestMediaType { get; init; }

    /// <summary>Bytes of the config and the layer blobs as stored.</summary>
    public long Size { get; init; }

    public IReadOnlyList<ImageLayerRecord> Layers { get; init; } = [];

    /// <summary>Chain ID of the top layer (empty for an image without layers).</summary>
    public string TopChainId { get; init; } = "";

    /// <summary>The config's <c>config.User</c>, as written there.</summary>
    public string User { get; init; } = "";

    public string Os { get; init; } = "";

    public string Architecture { get; init; } = "";

    public string Variant { get; init; } = "";

    public long CreatedUnixNano { get; init; }

    public long PulledUnixNano { get; init; }

    /// <summary>True when the image's layers were unpacked and retained in storaged.</summary>
    public bool Unpacked { get; init; }
}
