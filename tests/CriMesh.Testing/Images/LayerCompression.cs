namespace CriMesh.Testing.Images;

/// <summary>How a layer's tar is compressed in its blob.</summary>
public enum LayerCompression
{
    /// <summary>The blob is the plain tar (media type <c>...tar</c>).</summary>
    None,
    /// <summary>gzip (media type <c>...tar+gzip</c> / Docker <c>...tar.gzip</c>).</summary>
    Gzip,
    /// <summary>zstd (media type <c>...tar+zstd</c>; OCI manifests only).</summary>
    Zstd,
}
