using CriMesh.Common.Config;

namespace CriMesh.Storaged.Options;

/// <summary>The <c>[storaged]</c> table of crimesh.toml. The store itself lives in &lt;state_dir&gt;/storaged.</summary>
public sealed partial record StoragedOptions : IValidatedOptions, IBindableOptions<StoragedOptions>
{
    /// <summary>Layers unpacked at the same time; further ApplyLayer calls wait. Default: 2.</summary>
    public int MaxConcurrentUnpacks { get; init; } = 2;

    /// <summary>
    /// A layer unpacked or re-applied less than this long ago is kept by garbage collection even when no
    /// image holds it yet (imaged applies every layer of an image before it retains the image). Default: "10m".
    /// </summary>
    public TimeSpan GcGracePeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often storaged collects unreferenced layers on its own; "0s" turns that off. Default: "5m".</summary>
    public TimeSpan GcInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a measured writable-layer usage is reused before the upper dir is walked again. Default: "5s".</summary>
    public TimeSpan UsageCacheTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra overlay mount options appended to every container root filesystem mount. Default: none.</summary>
    public string[] ExtraMountOptions { get; init; } = [];

    /// <summary>Checks that need no I/O; each string is one reason the options are unusable.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxConcurrentUnpacks is < 1 or > 64)
        {
            yield return $"max_concurrent_unpacks must be between 1 and 64, not {MaxConcurrentUnpacks}";
        }
        if (GcGracePeriod < TimeSpan.Zero)
        {
            yield return $"gc_grace_period must not be negative, not {GcGracePeriod}";
        }
        if (GcInterval < TimeSpan.Zero)
        {
            yield return $"gc_interval must not be negative, not {GcInterval}";
        }
        if (UsageCacheTtl < TimeSpan.Zero)
        {
            yield return $"usage_cache_ttl must not be negative, not {UsageCacheTtl}";
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
