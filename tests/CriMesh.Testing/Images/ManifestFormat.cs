namespace CriMesh.Testing.Images;

/// <summary>Which manifest vocabulary an image uses.</summary>
public enum ManifestFormat
{
    /// <summary>OCI image manifest / OCI image index (<c>application/vnd.oci.image.*</c>).</summary>
    Oci,
    /// <summary>Docker image manifest v2 schema 2 / manifest list (<c>application/vnd.docker.*</c>).</summary>
    Docker,
}
