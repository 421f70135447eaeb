namespace CriMesh.Imaged.Manifests;

/// <summary>A parsed image manifest, or the entries of an index (then <see cref="Config"/> is null).</summary>
public sealed record ImageManifest(
    ManifestKind Kind,
    string MediaType,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyList<Descriptor> Manifests);
