using CriMesh.Common.Config;

namespace CriMesh.Storaged.Options;

/// <summary>The <c>[storaged]</c> table of crimesh.toml. The store itself lives in &lt;state_dir&gt;/storaged.</summary>
public sealed partial record StoragedOptions : IValidatedOptions, IBindableOptions<StoragedOptions>
{
    /// <summary>Layers unpacked at the same time; further ApplyLayer calls wait. Default: 2.</summary>
    public int MaxConcurrentUnpacks { get; init; } = 2;

    /// <summary>
    /// How long a lease (a pull in flight) lives after its creation or last ApplyLayer when the puller
    /// asks for no expiry of its own; longer requests are cut to <see cref="MaxLeaseExpiry"/>. Default: "10m".
    /// </summary>
    public TimeSpan LeaseExpiry { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest expiry a lease may ask for. Default: "24h".</summary>
    public TimeSpan MaxLeaseExpiry { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The content store storaged reads layer blobs from: &lt;content_store&gt;/&lt;algorithm&gt;/&lt;hex&gt;,
    /// opened without following symlinks. Empty means imaged's blob store, &lt;state_dir&gt;/imaged/blobs.
    /// Default: "".
    /// </summary>
    public string ContentStore { get; init; } = "";

    /// <summary>How often storaged collects unreferenced layers on its own; "0s" turns that off. Default: "5m".</summary>
    public TimeSpan GcInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a measured writable-layer usage is reused before the upper dir is walked again. Default: "5s".</summary>
    public TimeSpan UsageCacheTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Uncompressed bytes one layer may expand to (its tar stream, headers and padding included); a layer
    /// that expands further is refused with ResourceExhausted and nothing of it is kept. Default: "64GiB".
    /// </summary>
    public long MaxLayerBytes { get; init; } = 64L << 30;

    /// <summary>
    /// Bytes one image's layers may hold together: the disk the layers below use plus the uncompressed
    /// stream of the layer being unpacked. Default: "256GiB".
    /// </summary>
    public long MaxImageBytes { get; init; } = 256L << 30;

    /// <summary>Tar entries and inodes (directories created for them included) one layer may hold. Default: 4000000.</summary>
    public long MaxLayerEntries { get; init; } = 4_000_000;

    /// <summary>
    /// Bytes read after a layer's tar end-of-archive marker (they are hashed into the diff_id, so they are
    /// read, but no further than this; at least "10KiB", as tar pads archives to 10240-byte records). Default: "1MiB".
    /// </summary>
    public long MaxBytesAfterEndOfArchive { get; init; } = 1L << 20;

    private const long MinBytesAfterEndOfArchive = 10 * 1024;

    /// <summary>Extra overlay mount options appended to every container root filesystem mount. Default: none.</summary>
    public string[] ExtraMountOptions { get; init; } = [];

    /// <summary>Checks that need no I/O; each string is one reason the options are unusable.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxConcurrentUnpacks is < 1 or > 64)
        {
            yield return $"max_concurrent_unpacks must be between 1 and 64, not {MaxConcurrentUnpacks}";
        }
        if (LeaseExpiry <= TimeSpan.Zero || MaxLeaseExpiry < LeaseExpiry)
        {
            yield return $"lease_expiry must be positive and at most max_lease_expiry ({MaxLeaseExpiry}), not {LeaseExpiry}";
        }
        if (ContentStore.Length > 0 && !Path.IsPathFullyQualified(ContentStore))
        {
            yield return $"content_store must be an absolute path, not \"{ContentStore}\"";
        }
        if (GcInterval < TimeSpan.Zero)
        {
            yield return $"gc_interval must not be negative, not {GcInterval}";
        }
        if (UsageCacheTtl < TimeSpan.Zero)
        {
            yield return $"usage_cache_ttl must not be negative, not {UsageCacheTtl}";
        }
        if (MaxLayerBytes < 1)
        {
            yield return $"max_layer_bytes must be at least 1 byte, not {MaxLayerBytes}";
        }
        if (MaxImageBytes < 1)
        {
            yield return $"max_image_bytes must be at least 1 byte, not {MaxImageBytes}";
        }
        if (MaxLayerEntries < 1)
        {
            yield return $"max_layer_entries must be at least 1, not {MaxLayerEntries}";
        }
        if (MaxBytesAfterEndOfArchive < MinBytesAfterEndOfArchive)
        {
            yield return $"max_bytes_after_end_of_archive must be at least 10KiB (tar pads archives to 10240-byte records), not {MaxBytesAfterEndOfArchive}";
        }
        foreach (var option in ExtraMountOptions)
        {
            if (option.Contains(',', StringComparison.Ordinal) || option.StartsWith("lowerdir", StringComparison.Ordinal)
                || option.StartsWith("upperdir", StringComparison.Ordinal) || option.StartsWith("workdir", StringComparison.Ordinal))
            {
                yield return $"extra_mount_options entry \"{option}\" may not contain ',' or set lowerdir/upperdir/workdir";
            }
        }
    }
}
