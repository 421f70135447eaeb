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
        .Strings("extra_mount_options", o => o.ExtraMountOptions, (o, v) => o with { ExtraMountOptions = v });
}
