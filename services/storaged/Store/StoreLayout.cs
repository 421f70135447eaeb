namespace CriMesh.Storaged.Store;

/// <summary>
/// Where everything of storaged lives under its state directory:
/// <code>
/// &lt;root&gt;/
///   lock                        flock'd by whoever changes the store
///   layers/&lt;chain-hex&gt;/layer.json  the layer record (written before the directory is renamed into place)
///   layers/&lt;chain-hex&gt;/diff/        the unpacked layer, overlay whiteouts included
///   l/&lt;LINK&gt; -> ../layers/&lt;chain-hex&gt;/diff   short names, so 100+ lowerdirs fit in one page of mount options
///   images/&lt;sha256(image id)&gt;.json   an image's hold on its top layer (and so on the chain below)
///   leases/&lt;lease id&gt;.json    a pull in flight: the layers it holds until committed or expired
///   rootfs/&lt;container id&gt;/rootfs.json    the container filesystem record
///   rootfs/&lt;container id&gt;/{upper,work,merged}  overlay upper and work dirs, and the mount point
///   tmp/                        extractions and deletions in progress; emptied on start
/// </code>
/// A layer or rootfs exists once its directory holding a complete record has been renamed out of tmp/,
/// and stops existing when it is renamed back into tmp/ for deletion, so a SIGKILL at any instant leaves
/// either the whole object or nothing (plus a tmp/ leftover the next start removes).
/// </summary>
public sealed class StoreLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string LockFile => Path.Combine(Root, "lock");

    public string Layers => Path.Combine(Root, "layers");

    public string Links => Path.Combine(Root, "l");

    public string Images => Path.Combine(Root, "images");

    public string Rootfs => Path.Combine(Root, "rootfs");

    public string Leases => Path.Combine(Root, "leases");

    public string Tmp => Path.Combine(Root, "tmp");

    public string LayerDir(string chainId) => Path.Combine(Layers, Hex(chainId));

    public string LayerRecordFile(string chainId) => Path.Combine(LayerDir(chainId), "layer.json");

    public string LayerDiff(string chainId) => Path.Combine(LayerDir(chainId), "diff");

    /// <summary>The lowerdir name of a layer relative to <see cref="Root"/>: "l/LINK".</summary>
    public static string RelativeLink(string link) => "l/" + link;

    public string Link(string link) => Path.Combine(Links, link);

    public string ImageRecord(string imageId) =>
        Path.Combine(Images, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(imageId))) + ".json");

    public string LeaseRecordFile(string leaseId) => Path.Combine(Leases, leaseId + ".json");

    public string RootfsDir(string containerId) => Path.Combine(Rootfs, containerId);

    public string RootfsRecord(string containerId) => Path.Combine(RootfsDir(containerId), "rootfs.json");

    public string Upper(string containerId) => Path.Combine(RootfsDir(containerId), "upper");

    public string Work(string containerId) => Path.Combine(RootfsDir(containerId), "work");

    public string MountPoint(string containerId) => Path.Combine(RootfsDir(containerId), "merged");

    /// <summary>A fresh directory name under tmp/.</summary>
    public string NewTmp(string purpose) => Path.Combine(Tmp, purpose + "-" + Guid.NewGuid().ToString("N")[..16]);

    /// <summary>Creates the top-level directories (0700: layer contents are not for other users).</summary>
    public void Create()
    {
        foreach (var dir in new[] { Root, Layers, Links, Images, Leases, Rootfs, Tmp })
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The relative target of a layer's short link (l/LINK → ../layers/&lt;chain-hex&gt;/diff).</summary>
    public static string LinkTarget(string chainId) => "../layers/" + Hex(chainId) + "/diff";

    /// <summary>"sha256:abc" → "abc" (the directory name of a chain ID).</summary>
    public static string Hex(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..] : digest;
}
