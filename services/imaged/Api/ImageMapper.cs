using CriMesh.Imaged.Store;
using CriMesh.Protos.Imaged.V1;

namespace CriMesh.Imaged.Api;

/// <summary>Store records to wire messages.</summary>
internal static class ImageMapper
{
    public static Image ToProto(ImageRecord r)
    {
        var image = new Image
        {
            Id = r.Id,
            Size = r.Size,
            User = r.User,
            ManifestDigest = r.ManifestDigest,
            ManifestMediaType = r.ManifestMediaType,
            TopChainId = r.TopChainId,
            Os = r.Os,
            Architecture = r.Architecture,
            Variant = r.Variant,
            CreatedUnixNano = r.CreatedUnixNano,
            PulledUnixNano = r.PulledUnixNano,
            Unpacked = r.Unpacked,
        };
        image.RepoTags.AddRange(r.RepoTags);
        image.RepoDigests.AddRange(r.RepoDigests);
        foreach (var l in r.Layers)
        {
            image.Layers.Add(new Layer { Digest = l.Digest, DiffId = l.DiffId, ChainId = l.ChainId, MediaType = l.MediaType, Size = l.Size });
        }
        var (uid, name) = SplitUser(r.User);
        if (uid is { } u)
        {
            image.Uid = u;
        }
        image.Username = name;
        return image;
    }

    /// <summary>
    /// The user part of a config's <c>user[:group]</c>: a numeric uid, or a name (resolved later in the
    /// container's /etc/passwd). Empty means the runtime default.
    /// </summary>
    public static (long? Uid, string Username) SplitUser(string user)
    {
        var colon = user.IndexOf(':', StringComparison.Ordinal);
        var part = colon >= 0 ? user[..colon] : user;
        if (part.Length == 0)
        {
            return (null, "");
        }
        return long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var uid)
            ? (uid, "")
            : (null, part);
    }
}
