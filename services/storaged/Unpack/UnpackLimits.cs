using CriMesh.Common.Config;
using CriMesh.Storaged.Options;

namespace CriMesh.Storaged.Unpack;

/// <summary>
/// How far one layer's unpack may go: uncompressed bytes (the lower of the per-layer cap and what the
/// per-image cap leaves above the layers below), entries and inodes, and bytes after end-of-archive.
/// </summary>
internal sealed record UnpackLimits(long MaxBytes, string BytesRule, long MaxEntries, long MaxBytesAfterEndOfArchive)
{
    /// <summary>No limits (tools and tests that unpack trusted blobs).</summary>
    public static UnpackLimits None { get; } = new(long.MaxValue, "no limit", long.MaxValue, long.MaxValue);

    /// <summary>The limits for a layer placed on top of layers using <paramref name="bytesBelow"/> bytes of disk.</summary>
    public static UnpackLimits For(StoragedOptions options, long bytesBelow)
    {
        var imageLeft = Math.Max(0, options.MaxImageBytes - bytesBelow);
        var (max, rule) = imageLeft < options.MaxLayerBytes
            ? (imageLeft, $"max_image_bytes ({Sizes.Format(options.MaxImageBytes)}, of which the layers below hold {bytesBelow} bytes)")
            : (options.MaxLayerBytes, $"max_layer_bytes ({Sizes.Format(options.MaxLayerBytes)})");
        return new UnpackLimits(max, rule, options.MaxLayerEntries, options.MaxBytesAfterEndOfArchive);
    }
}
