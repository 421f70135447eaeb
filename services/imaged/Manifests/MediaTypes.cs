namespace CriMesh.Imaged.Manifests;

/// <summary>The media types imaged understands, and the check that any other one is at least harmless.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>The Accept header of a manifest request: everything imaged can read, plus schema1 to reject it clearly.</summary>
    public static readonly string[] ManifestAccept =
    [
        OciIndex, OciManifest, DockerManifestList, DockerManifest, DockerSchema1Signed, DockerSchema1,
    ];

    /// <summary>
    /// RFC 6838 shape: type "/" subtype, each of letters, digits and <c>!#$&amp;-^_.+</c>, at most 255 chars.
    /// Rejects anything with a slash too many, "..", spaces or control characters.
    /// </summary>
    public static bool IsWellFormed(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType) || mediaType.Length > 255)
        {
            return false;
        }
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == mediaType.Length - 1 || mediaType.IndexOf('/', slash + 1) >= 0 || mediaType.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in mediaType)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '/' or '!' or '#' or '$' or '&' or '-' or '^' or '_' or '.' or '+';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
