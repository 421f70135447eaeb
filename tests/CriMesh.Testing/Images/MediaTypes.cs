namespace CriMesh.Testing.Images;

/// <summary>The media types of the OCI image spec and the Docker schema 2 manifest.</summary>
public static class MediaTypes
{
    /// <summary>OCI image manifest.</summary>
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    /// <summary>OCI image index.</summary>
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    /// <summary>OCI image config.</summary>
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    /// <summary>OCI uncompressed layer.</summary>
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    /// <summary>OCI gzip layer.</summary>
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    /// <summary>OCI zstd layer.</summary>
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    /// <summary>Docker image manifest v2 schema 2.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    /// <summary>Docker manifest list.</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    /// <summary>Docker image config.</summary>
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    /// <summary>Docker gzip layer.</summary>
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /// <summary>Docker uncompressed layer.</summary>
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";

    /// <summary>Docker schema 1 signed manifest (obsolete; registries and runtimes refuse it nowadays).</summary>
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    /// <summary>Docker foreign (non-distributable) layer.</summary>
    public const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    /// <summary>OCI non-distributable gzip layer (deprecated by the spec, still seen).</summary>
    public const string OciNondistributableLayerGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";

    /// <summary>The layer media type for a format and compression; Docker has no zstd type (throws).</summary>
    public static string Layer(ManifestFormat format, LayerCompression compression) => (format, compression) switch
    {
        (ManifestFormat.Oci, LayerCompression.None) => OciLayer,
        (ManifestFormat.Oci, LayerCompression.Gzip) => OciLayerGzip,
        (ManifestFormat.Oci, LayerCompression.Zstd) => OciLayerZstd,
        (ManifestFormat.Docker, LayerCompression.None) => DockerLayer,
        (ManifestFormat.Docker, LayerCompression.Gzip) => DockerLayerGzip,
        _ => throw new ArgumentException($"no media type for a {compression} layer in a {format} manifest"),
    };

    /// <summary>The manifest media type of a format.</summary>
    public static string Manifest(ManifestFormat format) => format == ManifestFormat.Oci ? OciManifest : DockerManifest;

    /// <summary>The index / manifest list media type of a format.</summary>
    public static string Index(ManifestFormat format) => format == ManifestFormat.Oci ? OciIndex : DockerManifestList;

    /// <summary>The config media type of a format.</summary>
    public static string Config(ManifestFormat format) => format == ManifestFormat.Oci ? OciConfig : DockerConfig;
}
