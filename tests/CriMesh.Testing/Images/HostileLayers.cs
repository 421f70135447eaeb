namespace CriMesh.Testing.Images;

/// <summary>
/// Ready-made hostile layer tars for unpacker tests. Each aims to create or change <paramref name="target"/>-style
/// absolute paths <b>outside</b> the directory the layer is applied to; a safe unpacker must refuse the layer (or
/// confine the entry) and the target must not exist afterwards. Pick a target inside a <see cref="TempDir"/> that is
/// not the unpack root, so a failing test damages nothing. All are plain tar bytes (no compression).
/// </summary>
public static class HostileLayers
{
    private static readonly string Up = string.Concat(Enumerable.Repeat("../", 24));

    /// <summary><c>../../…/TARGET</c>: a regular file whose name climbs out of the root.</summary>
    public static byte[] PathTraversal(string target) =>
        new TarBuilder().AddFile(Up + target.TrimStart('/'), "escaped\n").ToArray();

    /// <summary><c>ok/../../…/TARGET</c>: the climb hidden behind a harmless first component.</summary>
    public static byte[] EmbeddedTraversal(string target) =>
        new TarBuilder().AddDirectory("ok/").AddFile("ok/" + Up + target.TrimStart('/'), "escaped\n").ToArray();

    /// <summary>An entry named with the absolute path <c>/TARGET</c>.</summary>
    public static byte[] AbsolutePath(string target) =>
        new TarBuilder().AddFile(target, "escaped\n").ToArray();

    /// <summary>
    /// Symlink <c>link → DIR(target)</c> (absolute), then a file <c>link/NAME(target)</c> written through it: a naive
    /// unpacker follows the link on the host.
    /// </summary>
    public static byte[] SymlinkWriteThrough(string target) =>
        new TarBuilder()
            .AddSymlink("link", Path.GetDirectoryName(target)!)
            .AddFile("link/" + Path.GetFileName(target), "escaped\n")
            .ToArray();

    /// <summary>As <see cref="SymlinkWriteThrough"/> with a relative link (<c>link → ../../…/DIR</c>).</summary>
    public static byte[] RelativeSymlinkWriteThrough(string target) =>
        new TarBuilder()
            .AddSymlink("link", Up + Path.GetDirectoryName(target)!.TrimStart('/'))
            .AddFile("link/" + Path.GetFileName(target), "escaped\n")
            .ToArray();

    /// <summary>A directory <c>dir/</c>, then <c>dir</c> replaced by a symlink to DIR(target), then <c>dir/NAME</c> written.</summary>
    public static byte[] DirectoryReplacedBySymlink(string target) =>
        new TarBuilder()
            .AddDirectory("dir/")
            .AddSymlink("dir", Path.GetDirectoryName(target)!)
            .AddFile("dir/" + Path.GetFileName(target), "escaped\n")
            .ToArray();

    /// <summary>
    /// A hard link <c>hard → TARGET</c> (absolute; the target must exist, e.g. a file the test made), then a write to
    /// <c>hard</c>: a naive unpacker links the host file into the rootfs and overwrites it.
    /// </summary>
    public static byte[] HardLinkOutside(string existingTarget) =>
        new TarBuilder()
            .AddHardLink("hard", existingTarget)
            .AddFile("hard", "overwritten\n")
            .ToArray();

    /// <summary>A hard link climbing out with <c>../</c>: <c>hard → ../../…/TARGET</c>.</summary>
    public static byte[] HardLinkTraversal(string existingTarget) =>
        new TarBuilder().AddHardLink("hard", Up + existingTarget.TrimStart('/')).ToArray();

    /// <summary>A symlink <c>link → TARGET</c>, then a hard link <c>hard → link</c>: linking through a symlink that leaves the root.</summary>
    public static byte[] HardLinkViaSymlink(string existingTarget) =>
        new TarBuilder().AddSymlink("link", existingTarget).AddHardLink("hard", "link").ToArray();

    /// <summary>Whiteouts that name the parent or climb out: <c>.wh...</c> (whiteout of "..") and <c>ok/.wh.../…/TARGET</c>.</summary>
    public static byte[] WhiteoutTraversal(string target) =>
        new TarBuilder()
            .AddDirectory("ok/")
            .AddFile("ok/.wh..", [])
            .AddFile("ok/.wh.." + "/" + Up + target.TrimStart('/'), [])
            .ToArray();

    /// <summary>A character device <c>dev/kmsg-like</c> (1:11) and a block device (8:0): an unprivileged image must not create them.</summary>
    public static byte[] DeviceNodes() =>
        new TarBuilder().AddDirectory("dev/").AddDevice("dev/kmsg-like", 1, 11).AddDevice("dev/sda-like", 8, 0, block: true).ToArray();

    /// <summary>A setuid-root shell copy: <c>bin/suid</c> mode 4755 owned 0:0 (content: a tiny script).</summary>
    public static byte[] SetuidFile() =>
        new TarBuilder().AddDirectory("bin/").AddFile("bin/suid", "#!/bin/sh\nid\n", TarBuilder.Octal(4755)).ToArray();

    /// <summary>The same path as a file, then as a directory, then as a file again.</summary>
    public static byte[] DuplicateEntries() =>
        new TarBuilder().AddFile("x", "1").AddDirectory("x/").AddFile("x", "2").ToArray();

    /// <summary>A valid tar cut in the middle of a file's data (no end-of-archive blocks).</summary>
    public static byte[] Truncated()
    {
        var full = new TarBuilder().AddRandomFile("big", 64 * 1024, seed: 1).ToArray();
        return full[..(512 + 10_000)];
    }

    /// <summary>512 bytes of garbage where a header should be (bad checksum).</summary>
    public static byte[] CorruptHeader() => new TarBuilder().AddRawBytes(SeededRandomStream.Bytes(512, 9)).ToArray();
}
