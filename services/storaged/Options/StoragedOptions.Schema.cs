using CriMesh.Common.Config;

namespace CriMesh.Storaged.Options;

public sealed partial record StoragedOptions
{
    /// <summary>The keys of <c>[storaged]</c>, in the order <c>--print-config</c> writes them.</summary>
    public static OptionsSchema<StoragedOptions> Schema { get; } = new OptionsSchema<StoragedOptions>()
        .Int("max_concurrent_unpacks", o => o.MaxConcurrentUnpacks, (o, v) => o with { MaxConcurrentUnpacks = v })
        .Duration("lease_expiry", o => o.LeaseExpiry, (o, v) => o with { LeaseExpiry = v })
        .Duration("max_lease_expiry", o => o.MaxLeaseExpiry, (o, v) => o with { MaxLeaseExpiry = v })
        .String("content_store", o => o.ContentStore, (o, v) => o with { ContentStore = v })
        .Duration("gc_interval", o => o.GcInterval, (o, v) => o with { GcInterval = v })
        .Duration("usage_cache_ttl", o => o.UsageCacheTtl, (o, v) => o with { UsageCacheTtl = v })
        .Size("max_layer_bytes", o => o.MaxLayerBytes, (o, v) => o with { MaxLayerBytes = v })
        .Size("max_image_bytes", o => o.MaxImageBytes, (o, v) => o with { MaxImageBytes = v })
        .Long("max_layer_entries", o => o.MaxLayerEntries, (o, v) => o with { MaxLayerEntries = v })
        .Size("max_bytes_after_end_of_archive", o => o.MaxBytesAfterEndOfArchive, (o, v) => o with { MaxBytesAfterEndOfArchive = v })
        .Strings("extra_mount_options", o => o.ExtraMountOptions, (o, v) => o with { ExtraMountOptions = v });
}
