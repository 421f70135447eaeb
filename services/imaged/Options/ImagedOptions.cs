using CriMesh.Common.Config;

namespace CriMesh.Imaged.Options;

/// <summary>
/// The <c>[imaged]</c> table of crimesh.toml. Every property has a default, so an empty table is a
/// working node. Registry settings come first from <c>containers-registries.conf(5)</c> files; the
/// <c>*_registries</c> keys here override or extend them.
/// </summary>
public sealed partial record ImagedOptions : IValidatedOptions, IBindableOptions<ImagedOptions>
{
    /// <summary>Layers downloaded at once, over all pulls. Default: 3.</summary>
    public int MaxConcurrentDownloads { get; init; } = 3;

    /// <summary>Unpack each verified layer through storaged and retain the image there. Default: true.</summary>
    public bool UnpackLayers { get; init; } = true;

    /// <summary>
    /// Keep each layer's compressed blob in the store after storaged has unpacked it and the image is
    /// committed (for tools that want the blobs). Off, a layer takes disk once: its blob is dropped, and a
    /// later pull of an image sharing it downloads it again unless storaged still holds it unpacked.
    /// Blobs are always kept when unpack_layers is off. Default: false.
    /// </summary>
    public bool KeepLayerBlobs { get; init; }

    /// <summary>
    /// A partial download in the ingest dir that no pull has written for this long is deleted (at start
    /// and periodically); long enough for a pull retried later to resume it. "0s" keeps them. Default: "24h".
    /// </summary>
    public TimeSpan IngestMaxAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// fsync each downloaded layer blob before the image is published, so a power loss cannot leave a torn
    /// blob behind a published image. A SIGKILL never can, either way (blobs are renamed in only when
    /// complete). Turning it off saves writing every layer to disk during the pull. Default: true.
    /// </summary>
    public bool SyncLayerBlobs { get; init; } = true;

    /// <summary>The main registries.conf file; missing is fine. Default: /etc/containers/registries.conf.</summary>
    public string RegistriesConf { get; init; } = "/etc/containers/registries.conf";

    /// <summary>Drop-in directory read after <see cref="RegistriesConf"/>, files in name order. Default: /etc/containers/registries.conf.d.</summary>
    public string RegistriesConfDir { get; init; } = "/etc/containers/registries.conf.d";

    /// <summary>When not empty, replaces unqualified-search-registries of registries.conf. Default: empty.</summary>
    public string[] UnqualifiedSearchRegistries { get; init; } = [];

    /// <summary>
    /// Registries (host[:port] prefixes) that may use TLS with an untrusted certificate or plain HTTP (HTTPS
    /// is tried first), added to registries.conf. Default: empty.
    /// </summary>
    public string[] InsecureRegistries { get; init; } = [];

    /// <summary>Registry prefixes that may not be pulled from, added to registries.conf. Default: empty.</summary>
    public string[] BlockedRegistries { get; init; } = [];

    /// <summary>
    /// Mirrors by prefix, added to registries.conf: key = registry prefix, value = comma-separated mirror
    /// locations tried in order before the registry itself. Default: empty.
    /// </summary>
    public Dictionary<string, string> RegistryMirrors { get; init; } = [];

    /// <summary>
    /// auth.json (containers or Docker config format) used when a pull carries no credentials. Empty means
    /// the first that exists of $REGISTRY_AUTH_FILE, /run/containers/0/auth.json, $HOME/.docker/config.json.
    /// Default: empty.
    /// </summary>
    public string AuthFile { get; init; } = "";

    /// <summary>
    /// Per-registry CA certificates, as containers-certs.d(5): <c>DIR/host[:port]/*.crt</c> are trusted for
    /// that registry in addition to the system CA store. Default: /etc/containers/certs.d.
    /// </summary>
    public string CertsDir { get; init; } = "/etc/containers/certs.d";

    /// <summary>Where images are kept. Empty means &lt;state_dir&gt;/imaged. Default: empty.</summary>
    public string StoreDir { get; init; } = "";

    /// <summary>A registry connection that sends no byte for this long fails the pull. Default: 60s.</summary>
    public TimeSpan RegistryReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed to open a TCP (and TLS) connection to a registry. Default: 30s.</summary>
    public TimeSpan RegistryConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pull progress is logged this often for pulls still running. Default: 10s.</summary>
    public TimeSpan PullProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long storaged keeps a pull's lease after the pull's start or its last layer; a pull that dies
    /// (imaged killed) leaves a lease that expires and is collected. "0s" asks for storaged's lease_expiry.
    /// Default: "0s".
    /// </summary>
    public TimeSpan PullLeaseExpiry { get; init; } = TimeSpan.Zero;

    /// <summary>Checks the values; each string is one reason they are wrong.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxConcurrentDownloads is < 1 or > 64)
        {
            yield return $"max_concurrent_downloads must be 1..64, not {MaxConcurrentDownloads}";
        }
        if (RegistryReadTimeout <= TimeSpan.Zero || RegistryReadTimeout > Durations.MaxHttp)
        {
            yield return $"registry_read_timeout must be positive and at most \"{Durations.Format(Durations.MaxHttp)}\" (what an HTTP client accepts), not \"{Durations.Format(RegistryReadTimeout)}\"";
        }
        if (RegistryConnectTimeout <= TimeSpan.Zero || RegistryConnectTimeout > Durations.MaxHttp)
        {
            yield return $"registry_connect_timeout must be positive and at most \"{Durations.Format(Durations.MaxHttp)}\" (what an HTTP client accepts), not \"{Durations.Format(RegistryConnectTimeout)}\"";
        }
        if (PullProgressInterval <= TimeSpan.Zero)
        {
            yield return $"pull_progress_interval must be positive, not {PullProgressInterval}";
        }
        if (PullLeaseExpiry < TimeSpan.Zero)
        {
            yield return $"pull_lease_expiry must not be negative, not {PullLeaseExpiry}";
        }
        if (StoreDir.Length > 0 && !Path.IsPathFullyQualified(StoreDir))
        {
            yield return $"store_dir must be an absolute path, not {StoreDir}";
        }
    }
}
