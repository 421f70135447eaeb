using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace CriMesh.Storaged.Tests.Support;

/// <summary>Builds real layer tars (PAX) with System.Formats.Tar, hostile names included, and writes them as blobs.</summary>
internal sealed class LayerTar
{
    public static readonly DateTimeOffset DefaultTime = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly MemoryStream buffer = new();
    private readonly TarWriter writer;

    public LayerTar()
    {
        writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true);
    }

    public LayerTar File(string name, string content, UnixFileMode mode = (UnixFileMode)0x1A4, int uid = 0, int gid = 0,
        DateTimeOffset? mtime = null, IDictionary<string, string>? xattrs = null) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid, mtime, xattrs);

    public LayerTar File(string name, byte[] content, UnixFileMode mode = (UnixFileMode)0x1A4, int uid = 0, int gid = 0,
        DateTimeOffset? mtime = null, IDictionary<string, string>? xattrs = null)
    {
        var entry = Entry(TarEntryType.RegularFile, name, mode, uid, gid, mtime, xattrs);
        entry.DataStream = new MemoryStream(content);
        writer.WriteEntry(entry);
        return this;
    }

    public LayerTar Dir(string name, UnixFileMode mode = (UnixFileMode)0x1ED, int uid = 0, int gid = 0, DateTimeOffset? mtime = null,
        IDictionary<string, string>? xattrs = null)
    {
        writer.WriteEntry(Entry(TarEntryType.Directory, name, mode, uid, gid, mtime, xattrs));
        return this;
    }

    public LayerTar Symlink(string name, string target, int uid = 0, int gid = 0)
    {
        var entry = Entry(TarEntryType.SymbolicLink, name, (UnixFileMode)0x1FF, uid, gid, null, null);
        entry.LinkName = target;
        writer.WriteEntry(entry);
        return this;
    }

    public LayerTar HardLink(string name, string target)
    {
        var entry = Entry(TarEntryType.HardLink, name, (UnixFileMode)0x1A4, 0, 0, null, null);
        entry.LinkName = target;
        writer.WriteEntry(entry);
        return this;
    }

    public LayerTar CharDevice(string name, int major, int minor, UnixFileMode mode = (UnixFileMode)0x1B6)
    {
        var entry = Entry(TarEntryType.CharacterDevice, name, mode, 0, 0, null, null);
        entry.DeviceMajor = major;
        entry.DeviceMinor = minor;
        writer.WriteEntry(entry);
        return this;
    }

    public LayerTar Fifo(string name, UnixFileMode mode = (UnixFileMode)0x1A4)
    {
        writer.WriteEntry(Entry(TarEntryType.Fifo, name, mode, 0, 0, null, null));
        return this;
    }

    /// <summary>An OCI whiteout hiding <paramref name="path"/> of a lower layer.</summary>
    public LayerTar Whiteout(string path)
    {
        var dir = Path.GetDirectoryName(path);
        var name = ".wh." + Path.GetFileName(path);
        return File(string.IsNullOrEmpty(dir) ? name : dir + "/" + name, "");
    }

    /// <summary>An OCI opaque whiteout: <paramref name="dir"/> hides everything of the lower layers.</summary>
    public LayerTar Opaque(string dir) => File(dir.TrimEnd('/') + "/.wh..wh..opq", "");

    /// <summary>The uncompressed tar.</summary>
    public byte[] Build()
    {
        writer.Dispose();
        return buffer.ToArray();
    }

    /// <summary>Writes the layer as a blob file; returns its path, media type and diff_id.</summary>
    /// <summary>Writes the layer into the content store <paramref name="dir"/> as &lt;dir&gt;/sha256/&lt;hex&gt;.</summary>
    public Blob WriteBlob(string dir, string compression = "gzip")
    {
        var tar = Build();
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar));
        Directory.CreateDirectory(Path.Combine(dir, "sha256"));
        var path = Path.Combine(dir, "sha256", Guid.NewGuid().ToString("N") + ".tmp");
        using (var file = System.IO.File.Create(path))
        {
            switch (compression)
            {
                case "gzip":
                    using (var gz = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gz.Write(tar);
                    }
                    break;
                case "zstd":
                    using (var zs = new ZstdSharp.CompressionStream(file, 3, leaveOpen: true))
                    {
                        zs.Write(tar);
                    }
                    break;
                default:
                    file.Write(tar);
                    break;
            }
        }
        var mediaType = compression switch
        {
            "gzip" => "application/vnd.oci.image.layer.v1.tar+gzip",
            "zstd" => "application/vnd.oci.image.layer.v1.tar+zstd",
            _ => "application/vnd.oci.image.layer.v1.tar",
        };
        var named = Path.Combine(dir, "sha256", Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(path))));
        System.IO.File.Move(path, named, overwrite: true);
        return new Blob(named, mediaType, diffId);
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, UnixFileMode mode, int uid, int gid, DateTimeOffset? mtime,
        IDictionary<string, string>? xattrs)
    {
        var ext = new Dictionary<string, string>();
        if (xattrs is not null)
        {
            foreach (var (k, v) in xattrs)
            {
                ext["SCHILY.xattr." + k] = v;
            }
        }
        return new PaxTarEntry(type, name, ext)
        {
            Mode = mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = mtime ?? DefaultTime,
        };
    }
}
