namespace CriMesh.Imaged.Manifests;

/// <summary>What a fetched manifest document is.</summary>
public enum ManifestKind
{
    /// <summary>An image manifest (OCI or Docker schema2): a config and layers.</summary>
    Image = 0,
    /// <summary>An index (OCI index or Docker manifest list): manifests per platform.</summary>
    Index,
}
