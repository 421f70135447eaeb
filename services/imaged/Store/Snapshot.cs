namespace CriMesh.Imaged.Store;

/// <summary>An immutable view of the index with its lookup tables, swapped whole when the index changes.</summary>
internal sealed record Snapshot(
    (long Ticks, long Length) Stamp,
    IReadOnlyList<ImageRecord> Images,
    IReadOnlyDictionary<string, ImageRecord> ById,
    IReadOnlyDictionary<string, ImageRecord> ByTag,
    IReadOnlyDictionary<string, ImageRecord> ByDigest)
{
    public static Snapshot Empty { get; } = Build(new StoreIndex(), (-1, -1));

    public static Snapshot Build(StoreIndex index, (long, long) stamp)
    {
        var byId = new Dictionary<string, ImageRecord>(StringComparer.Ordinal);
        var byTag = new Dictionary<string, ImageRecord>(StringComparer.Ordinal);
        var byDigest = new Dictionary<string, ImageRecord>(StringComparer.Ordinal);
        foreach (var image in index.Images)
        {
            byId[image.Id] = image;
            foreach (var t in image.RepoTags)
            {
                byTag[t] = image;
            }
            foreach (var d in image.RepoDigests)
            {
                byDigest[d] = image;
            }
        }
        var images = index.Images.OrderByDescending(i => i.PulledUnixNano).ToList();
        return new Snapshot(stamp, images, byId, byTag, byDigest);
    }
}
