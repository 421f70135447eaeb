using System.Formats.Tar;
using System.Text;

namespace CriMesh.Testing.Images;

/// <summary>
/// Writes a layer tar entry by entry, with full control: modes, owners, times, links, whiteouts, devices, and
/// names written <b>exactly as given</b>. Image layers normally use relative names (<c>bin/sh</c>, no leading
/// slash); hostile names (<c>../escape</c>, <c>/etc/passwd</c>, a symlink followed by a write through it, a hard
/// link to outside) are written unchanged on purpose, so storaged's tests can attack the unpacker.
/// Call <see cref="ToArray"/> once at the end.
/// </summary>
/// <example><code>
/// var tar = new TarBuilder()
///     .AddBusybox()
///     .AddFile("etc/hello", "hi\n", mode: TarBuilder.Octal(600), uid: 1000, gid: 1000)
///     .AddSymlink("escape", "/etc").AddFile("escape/pwned", "x")    // hostile: write through a symlink
///     .ToArray();
/// </code></example>
public sealed class TarBuilder
{
    /// <summary>The modification time entries get when none is given (2024-01-01T00:00:00Z), for reproducible tars.</summary>
    public static readonly DateTimeOffset DefaultMtime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The busybox applets <see cref="AddBusybox"/> links in <c>bin/</c>.</summary>
    public static readonly IReadOnlyList<string> BusyboxApplets =
    [
        "sh", "ash", "cat", "chmod", "chown", "cp", "date", "dd", "df", "echo", "env", "false", "grep", "head",
        "hostname", "id", "kill", "ln", "ls", "mkdir", "mount", "mv", "nc", "ping", "printf", "ps", "pwd", "readlink",
        "rm", "rmdir", "sed", "seq", "sleep", "stat", "sync", "tail", "tee", "test", "top", "touch", "true", "umount",
        "uname", "wc", "wget", "whoami", "yes", "awk", "find", "xargs", "sort", "uniq", "tr", "cut", "md5sum",
        "sha256sum", "nslookup", "ip", "ifconfig", "hexdump", "od", "timeout", "nproc", "free", "dmesg", "mktemp",
    ];

    private readonly MemoryStream _stream = new();
    private readonly TarWriter _writer;
    private readonly TarEntryFormat _format;
    private int _count;
    private byte[]? _result;

    /// <summary>Starts an empty tar in <paramref name="format"/> (PAX by default; GNU and USTAR work too).</summary>
    public TarBuilder(TarEntryFormat format = TarEntryFormat.Pax)
    {
        _format = format;
        _writer = new TarWriter(_stream, format, leaveOpen: true);
    }

    /// <summary>How many entries were added.</summary>
    public int Count => _count;

    /// <summary>Adds a directory.</summary>
    public TarBuilder AddDirectory(string path, int mode = 493 /* 0755 */, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(NewEntry(TarEntryType.Directory, path, mode, uid, gid, mtime));

    /// <summary>Adds a regular file with <paramref name="content"/>.</summary>
    public TarBuilder AddFile(string path, byte[] content, int mode = 420 /* 0644 */, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        var entry = NewEntry(RegularType, path, mode, uid, gid, mtime);
        entry.DataStream = new MemoryStream(content, writable: false);
        return Add(entry);
    }

    /// <summary>
    /// Adds a regular file carrying PAX extended header records (PAX format only), e.g.
    /// <c>["SCHILY.xattr.user.note"] = "hello"</c> for an extended attribute. Values are written as UTF-8, so
    /// binary xattr values (like <c>security.capability</c>) cannot be expressed here.
    /// </summary>
    public TarBuilder AddFileWithPaxRecords(string path, byte[] content, IReadOnlyDictionary<string, string> records, int mode = 420 /* 0644 */, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        if (_format != TarEntryFormat.Pax)
        {
            throw new InvalidOperationException($"PAX records need a PAX tar, this builder writes {_format}");
        }
        var entry = new PaxTarEntry(TarEntryType.RegularFile, path, records)
        {
            Mode = (UnixFileMode)mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = mtime ?? DefaultMtime,
            DataStream = new MemoryStream(content, writable: false),
        };
        return Add(entry);
    }

    /// <summary>Adds a regular file with UTF-8 <paramref name="content"/>.</summary>
    public TarBuilder AddFile(string path, string content, int mode = 420 /* 0644 */, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        AddFile(path, Encoding.UTF8.GetBytes(content), mode, uid, gid, mtime);

    /// <summary>
    /// Adds a regular file of <paramref name="size"/> pseudo-random bytes from <paramref name="seed"/>
    /// (see <see cref="SeededRandomStream"/>: same seed, same bytes; incompressible).
    /// </summary>
    public TarBuilder AddRandomFile(string path, long size, long seed, int mode = 420 /* 0644 */, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        var entry = NewEntry(RegularType, path, mode, uid, gid, mtime);
        entry.DataStream = new SeededRandomStream(size, seed);
        return Add(entry);
    }

    /// <summary>Adds a symlink <paramref name="path"/> → <paramref name="target"/> (target written verbatim, may be absolute or contain <c>..</c>).</summary>
    public TarBuilder AddSymlink(string path, string target, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        var entry = NewEntry(TarEntryType.SymbolicLink, path, 511 /* 0777 */, uid, gid, mtime);
        entry.LinkName = target;
        return Add(entry);
    }

    /// <summary>Adds a hard link <paramref name="path"/> to the earlier entry <paramref name="target"/> (a name in the archive, verbatim).</summary>
    public TarBuilder AddHardLink(string path, string target, int mode = 420 /* 0644 */, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        var entry = NewEntry(TarEntryType.HardLink, path, mode, uid, gid, mtime);
        entry.LinkName = target;
        return Add(entry);
    }

    /// <summary>Adds a whiteout for <paramref name="path"/> (<c>dir/name</c> → empty file <c>dir/.wh.name</c>): the layer deletes it.</summary>
    public TarBuilder AddWhiteout(string path)
    {
        var slash = path.LastIndexOf('/');
        var name = slash < 0 ? ".wh." + path : path[..(slash + 1)] + ".wh." + path[(slash + 1)..];
        return AddFile(name, [], 420 /* 0644 */);
    }

    /// <summary>Adds an opaque-directory marker <c>dir/.wh..wh..opq</c>: the lower layers' content of <paramref name="directory"/> is hidden.</summary>
    public TarBuilder AddOpaqueWhiteout(string directory) => AddFile(directory.TrimEnd('/') + "/.wh..wh..opq", [], 420 /* 0644 */);

    /// <summary>Adds a character (<paramref name="block"/> false) or block device node.</summary>
    public TarBuilder AddDevice(string path, int major, int minor, bool block = false, int mode = 438 /* 0666 */)
    {
        var entry = NewEntry(block ? TarEntryType.BlockDevice : TarEntryType.CharacterDevice, path, mode, 0, 0, null);
        ((PosixTarEntry)entry).DeviceMajor = major;
        ((PosixTarEntry)entry).DeviceMinor = minor;
        return Add(entry);
    }

    /// <summary>Adds a FIFO (named pipe).</summary>
    public TarBuilder AddFifo(string path, int mode = 420 /* 0644 */) => Add(NewEntry(TarEntryType.Fifo, path, mode, 0, 0, null));

    /// <summary>
    /// Adds a minimal runnable root: <c>bin/</c>, <c>bin/busybox</c> (Debian's static busybox, 0755) and a symlink
    /// <c>bin/APPLET → busybox</c> for each of <see cref="BusyboxApplets"/>, plus <c>etc/passwd</c> (root 0, nobody
    /// 65534, app 1000), <c>etc/group</c>, <c>tmp/</c> (1777), <c>root/</c>, <c>home/app/</c> (owned 1000:1000),
    /// <c>proc/</c>, <c>sys/</c>, <c>dev/</c>.
    /// </summary>
    public TarBuilder AddBusybox(string busyboxPath = "/bin/busybox")
    {
        if (!File.Exists(busyboxPath))
        {
            throw new FileNotFoundException($"busybox not found at {busyboxPath} (install busybox-static)", busyboxPath);
        }
        AddDirectory("bin/");
        AddFile("bin/busybox", File.ReadAllBytes(busyboxPath), 493 /* 0755 */);
        foreach (var applet in BusyboxApplets)
        {
            AddSymlink("bin/" + applet, "busybox");
        }
        AddDirectory("etc/");
        AddFile("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        AddFile("etc/group", "root:x:0:\napp:x:1000:\nnogroup:x:65534:\n");
        AddDirectory("tmp/", 1023 /* 01777 */);
        AddDirectory("root/", 448 /* 0700 */);
        AddDirectory("home/");
        AddDirectory("home/app/", 493 /* 0755 */, 1000, 1000);
        AddDirectory("proc/", 365 /* 0555 */);
        AddDirectory("sys/", 365 /* 0555 */);
        AddDirectory("dev/");
        return this;
    }

    /// <summary>Adds an entry built by the caller (any <see cref="TarEntry"/> subtype and field).</summary>
    public TarBuilder AddEntry(TarEntry entry) => Add(entry);

    /// <summary>
    /// Appends raw bytes to the archive between entries (e.g. a corrupt header block). The caller keeps 512-byte
    /// alignment if it wants later entries to be readable.
    /// </summary>
    public TarBuilder AddRawBytes(ReadOnlySpan<byte> bytes)
    {
        EnsureOpen();
        _stream.Write(bytes);
        return this;
    }

    /// <summary>Finishes the archive (two zero blocks) and returns its bytes. Further calls return the same bytes.</summary>
    public byte[] ToArray()
    {
        if (_result is null)
        {
            _writer.Dispose();
            _result = _stream.ToArray();
            _stream.Dispose();
        }
        return _result;
    }

    /// <summary>Finishes the archive and writes it to <paramref name="path"/>.</summary>
    public void WriteTo(string path) => File.WriteAllBytes(path, ToArray());

    /// <summary>Makes a new entry of the builder's format (for <see cref="AddEntry"/>), with the builder's defaults.</summary>
    public TarEntry NewEntry(TarEntryType type, string path, int mode = 420 /* 0644 */, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        TarEntry entry = _format switch
        {
            TarEntryFormat.Pax => new PaxTarEntry(type, path),
            TarEntryFormat.Gnu => new GnuTarEntry(type, path),
            TarEntryFormat.Ustar => new UstarTarEntry(type, path),
            _ => new V7TarEntry(type, path),
        };
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = mtime ?? DefaultMtime;
        return entry;
    }

    /// <summary>
    /// Reads the decimal digits of <paramref name="octalDigits"/> as octal, for readable modes:
    /// <c>Octal(755)</c> is <c>0755</c> (493), <c>Octal(4755)</c> a setuid binary.
    /// </summary>
    public static int Octal(int octalDigits) => Convert.ToInt32(octalDigits.ToString(System.Globalization.CultureInfo.InvariantCulture), 8);

    private TarEntryType RegularType => _format == TarEntryFormat.V7 ? TarEntryType.V7RegularFile : TarEntryType.RegularFile;

    private TarBuilder Add(TarEntry entry)
    {
        EnsureOpen();
        _writer.WriteEntry(entry);
        _count++;
        return this;
    }

    private void EnsureOpen()
    {
        if (_result is not null)
        {
            throw new InvalidOperationException("the tar was finished by ToArray(); start a new TarBuilder");
        }
    }
}
