namespace CriMesh.Imaged.Manifests;

/// <summary>How a layer blob is compressed.</summary>
public enum LayerCompression
{
    Unknown = 0,
    None,
    Gzip,
    Zstd,
}
