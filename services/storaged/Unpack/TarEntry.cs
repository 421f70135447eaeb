using CriMesh.Linux.Interop;

namespace CriMesh.Storaged.Unpack;

/// <summary>One member of a layer tar, after PAX and GNU long-name records were folded into it.</summary>
internal sealed class TarEntry
{
    public required string Name { get; init; }

    public required string LinkName { get; init; }

    /// <summary>The typeflag byte: '0' regular, '1' hard link, '2' symlink, '3' char, '4' block, '5' dir, '6' FIFO.</summary>
    public required byte Type { get; init; }

    /// <summary>Permission bits including setuid, setgid and sticky (07777).</summary>
    public required uint Mode { get; init; }

    public required uint Uid { get; init; }

    public required uint Gid { get; init; }

    /// <summary>Bytes of file data that follow the header (0 for every type but regular files).</summary>
    public required long Size { get; init; }

    public required Timespec ModificationTime { get; init; }

    public required uint DevMajor { get; init; }

    public required uint DevMinor { get; init; }

    /// <summary>Extended attributes from PAX <c>SCHILY.xattr.*</c> records, values as raw bytes.</summary>
    public required IReadOnlyList<KeyValuePair<string, byte[]>> Xattrs { get; init; }
}
