using CriMesh.Common.Config;

namespace CriMesh.Imaged.Options;

public sealed partial record ImagedOptions
{
    /// <summary>The keys of <c>[imaged]</c>, in the order <c>--print-config</c> writes them.</summary>
    public static OptionsSchema<ImagedOptions> Schema { get; } = new OptionsSchema<ImagedOptions>()
        .Int("max_concurrent_downloads", o => o.MaxConcurrentDownloads, (o, v) => o with { MaxConcurrentDownloads = v })
        .Bool("unpack_layers", o => o.UnpackLayers, (o, v) => o with { UnpackLayers = v })
        .Bool("keep_layer_blobs", o => o.KeepLayerBlobs, (o, v) => o with { KeepLayerBlobs = v })
        .Duration("ingest_max_age", o => o.IngestMaxAge, (o, v) => o with { IngestMaxAge = v })
        .Bool("sync_layer_blobs", o => o.SyncLayerBlobs, (o, v) => o with { SyncLayerBlobs = v })
        .String("registries_conf", o => o.RegistriesConf, (o, v) => o with { RegistriesConf = v })
        .String("registries_conf_dir", o => o.RegistriesConfDir, (o, v) => o with { RegistriesConfDir = v })
        .Strings("unqualified_search_registries", o => o.UnqualifiedSearchRegistries, (o, v) => o with { UnqualifiedSearchRegistries = v })
        .Strings("insecure_registries", o => o.InsecureRegistries, (o, v) => o with { InsecureRegistries = v })
        .Strings("blocked_registries", o => o.BlockedRegistries, (o, v) => o with { BlockedRegistries = v })
        .StringMap("registry_mirrors", o => o.RegistryMirrors, (o, v) => o with { RegistryMirrors = v })
        .String("auth_file", o => o.AuthFile, (o, v) => o with { AuthFile = v })
        .String("certs_dir", o => o.CertsDir, (o, v) => o with { CertsDir = v })
        .String("store_dir", o => o.StoreDir, (o, v) => o with { StoreDir = v })
        .Duration("registry_read_timeout", o => o.RegistryReadTimeout, (o, v) => o with { RegistryReadTimeout = v })
        .Duration("registry_connect_timeout", o => o.RegistryConnectTimeout, (o, v) => o with { RegistryConnectTimeout = v })
        .Duration("pull_progress_interval", o => o.PullProgressInterval, (o, v) => o with { PullProgressInterval = v })
        .Duration("pull_lease_expiry", o => o.PullLeaseExpiry, (o, v) => o with { PullLeaseExpiry = v });
}
