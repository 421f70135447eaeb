using System.Buffers.Text;
using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;

namespace CriMesh.Storaged.Unpack;

/// <summary>
/// A forward-only reader of ustar, PAX and GNU tar streams with one large buffer, so that file data is
/// handed to the writer as slices of that buffer without a further copy. Unlike System.Formats.Tar it
/// keeps PAX xattr values as raw bytes (security.capability is binary). After the end-of-archive
/// marker it reads the source to its end, so a hashing source sees every byte of the blob, but no more
/// than <c>maxBytesAfterEnd</c> bytes past the marker.
/// </summary>
internal sealed class TarStreamReader(Stream source, int bufferSize = 1 << 20, long maxBytesAfterEnd = long.MaxValue)
{
    private const int Block = 512;
    private const int MaxMetaRecord = 1 << 20;
    private const long MaxDevMajor = (1 << 12) - 1;
    private const long MaxDevMinor = (1 << 20) - 1;

    private readonly byte[] buffer = new byte[Math.Max(bufferSize, 64 * 1024)];
    private int start;
    private int end;
    private bool sourceDone;
    private long dataLeft;
    private long padLeft;

    /// <summary>Reads the next entry header; null at the end of the archive (the source is then drained).</summary>
    public TarEntry? Next()
    {
        SkipRemainingData();
        string? longName = null;
        string? longLink = null;
        Dictionary<string, byte[]>? pax = null;
        for (var records = 0; records < 64; records++)
        {
            if (!Fill(Block))
            {
                if (end - start == 0 && longName is null && longLink is null && pax is null)
                {
                    return null;
                }
                throw new TarFormatException("truncated tar header");
            }
            var header = buffer.AsSpan(start, Block);
            if (header.IndexOfAnyExcept((byte)0) < 0)
            {
                start += Block;
                Drain();
                return null;
            }
            VerifyChecksum(header);
            var type = header[156];
            var size = ParseNumber(header.Slice(124, 12), "size");
            if (pax is not null && pax.TryGetValue("size", out var paxSize))
            {
                size = ParseDecimal(paxSize, "size");
            }
            if (size < 0)
            {
                throw new TarFormatException("negative entry size in tar header");
            }
            switch (type)
            {
                case (byte)'x':
                    start += Block;
                    pax = ParsePax(ReadMeta(size), pax);
                    continue;
                case (byte)'g':
                    start += Block;
                    ReadMeta(size);
                    continue;
                case (byte)'L':
                    start += Block;
                    longName = CString(ReadMeta(size));
                    continue;
                case (byte)'K':
                    start += Block;
                    longLink = CString(ReadMeta(size));
                    continue;
                default:
                    var entry = BuildEntry(header, type, size, longName, longLink, pax);
                    start += Block;
                    dataLeft = entry.Size;
                    padLeft = PadOf(entry.Size);
                    return entry;
            }
        }
        throw new TarFormatException("more than 64 metadata records before one tar entry");
    }

    /// <summary>The next slice of the current entry's data, empty when it is all read. Valid until the next call.</summary>
    public ReadOnlySpan<byte> NextDataChunk()
    {
        if (dataLeft == 0)
        {
            return default;
        }
        if (start == end && !Fill(1))
        {
            throw new TarFormatException("truncated file data in tar stream");
        }
        var n = (int)Math.Min(dataLeft, end - start);
        var chunk = buffer.AsSpan(start, n);
        start += n;
        dataLeft -= n;
        return chunk;
    }

    private static long PadOf(long size) => (Block - (size % Block)) % Block;

    private TarEntry BuildEntry(ReadOnlySpan<byte> h, byte type, long size, string? longName, string? longLink, Dictionary<string, byte[]>? pax)
    {
        var name = longName ?? HeaderName(h);
        var link = longLink ?? CString(h.Slice(157, 100));
        var uid = ParseNumber(h.Slice(108, 8), "uid");
        var gid = ParseNumber(h.Slice(116, 8), "gid");
        var mtime = new Timespec(ParseNumber(h.Slice(136, 12), "mtime"), 0);
        var xattrs = new List<KeyValuePair<string, byte[]>>();
        if (pax is not null)
        {
            foreach (var (key, value) in pax)
            {
                switch (key)
                {
                    case "path": name = Encoding.UTF8.GetString(value); break;
                    case "linkpath": link = Encoding.UTF8.GetString(value); break;
                    case "uid": uid = ParseDecimal(value, key); break;
                    case "gid": gid = ParseDecimal(value, key); break;
                    case "mtime": mtime = ParsePaxTime(value); break;
                    default:
                        if (key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal))
                        {
                            xattrs.Add(new(key["SCHILY.xattr.".Length..], value));
                        }
                        else if (key.StartsWith("GNU.sparse.", StringComparison.Ordinal))
                        {
                            throw new TarFormatException($"sparse tar entry {name} is not supported");
                        }
                        break;
                }
            }
        }
        var hasData = type is (byte)'0' or 0 or (byte)'7';
        if (!hasData && type is not ((byte)'1' or (byte)'2' or (byte)'3' or (byte)'4' or (byte)'5' or (byte)'6'))
        {
            throw new TarFormatException($"unsupported tar entry type '{(char)type}' for {name}");
        }
        if (uid is < 0 or > uint.MaxValue || gid is < 0 or > uint.MaxValue)
        {
            throw new TarFormatException($"owner {uid}:{gid} of {name} is out of range");
        }
        var (major, minor) = DeviceNumbers(h, type, name);
        return new TarEntry
        {
            Name = name,
            LinkName = link,
            Type = type == 0 || type == (byte)'7' ? (byte)'0' : type,
            Mode = (uint)(ParseNumber(h.Slice(100, 8), "mode") & 0xFFF),
            Uid = (uint)uid,
            Gid = (uint)gid,
            Size = hasData ? size : 0,
            ModificationTime = mtime,
            DevMajor = major,
            DevMinor = minor,
            Xattrs = xattrs,
        };
    }

    /// <summary>
    /// The device numbers of a character or block device (0:0 for every other type). Linux encodes a device
    /// in 32 bits: a major of at most 12 bits (4095) and a minor of at most 20 (1048575); larger numbers
    /// would be cut to another device's, so they are refused.
    /// </summary>
    private static (uint Major, uint Minor) DeviceNumbers(ReadOnlySpan<byte> h, byte type, string name)
    {
        if (type is not ((byte)'3' or (byte)'4'))
        {
            return (0, 0);
        }
        var major = ParseNumber(h.Slice(329, 8), "devmajor");
        var minor = ParseNumber(h.Slice(337, 8), "devminor");
        if (major > MaxDevMajor || minor > MaxDevMinor)
        {
            throw new TarFormatException($"device {name} has numbers {major}:{minor}; at most {MaxDevMajor}:{MaxDevMinor} are allowed");
        }
        return ((uint)major, (uint)minor);
    }

    private static string HeaderName(ReadOnlySpan<byte> h)
    {
        var name = CString(h[..100]);
        // POSIX ustar ("ustar\0") splits long names into prefix + name; old GNU ("ustar  ") uses the field otherwise.
        if (h.Slice(257, 6).SequenceEqual("ustar\0"u8))
        {
            var prefix = CString(h.Slice(345, 155));
            if (prefix.Length > 0)
            {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? field : field[..nul]);
    }

    private static void VerifyChecksum(ReadOnlySpan<byte> h)
    {
        var expected = ParseNumber(h.Slice(148, 8), "checksum");
        long unsigned = 0;
        long signed = 0;
        for (var i = 0; i < Block; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : h[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        if (expected != unsigned && expected != signed)
        {
            throw new TarFormatException($"tar header checksum mismatch (header says {expected}, computed {unsigned})");
        }
    }

    /// <summary>Octal ASCII (space or NUL terminated) or GNU base-256 when the high bit of the first byte is set.</summary>
    private static long ParseNumber(ReadOnlySpan<byte> field, string what)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            if (field[0] == 0xFF)
            {
                throw new TarFormatException($"negative base-256 {what} in tar header");
            }
            long v = field[0] & 0x7F;
            for (var i = 1; i < field.Length; i++)
            {
                if (v > (long.MaxValue >> 8))
                {
                    throw new TarFormatException($"base-256 {what} overflows in tar header");
                }
                v = (v << 8) | field[i];
            }
            return v;
        }
        long value = 0;
        var seen = false;
        foreach (var b in field)
        {
            if (b is (byte)' ' or 0)
            {
                if (seen)
                {
                    break;
                }
                continue;
            }
            if (b is < (byte)'0' or > (byte)'7' || value > (long.MaxValue >> 3))
            {
                throw new TarFormatException($"bad octal {what} in tar header");
            }
            value = (value << 3) | (long)(b - '0');
            seen = true;
        }
        return value;
    }

    private static long ParseDecimal(byte[] value, string key)
    {
        if (!Utf8Parser.TryParse(value, out long v, out var consumed) || consumed != value.Length)
        {
            throw new TarFormatException($"bad pax {key} value");
        }
        return v;
    }

    private static Timespec ParsePaxTime(byte[] value)
    {
        var text = Encoding.ASCII.GetString(value);
        var dot = text.IndexOf('.');
        var secondsText = dot < 0 ? text : text[..dot];
        if (!long.TryParse(secondsText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            throw new TarFormatException($"bad pax mtime {text}");
        }
        long nanos = 0;
        if (dot >= 0)
        {
            var fraction = text[(dot + 1)..];
            fraction = fraction.Length > 9 ? fraction[..9] : fraction.PadRight(9, '0');
            if (!long.TryParse(fraction, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out nanos))
            {
                throw new TarFormatException($"bad pax mtime {text}");
            }
            if (text.StartsWith('-') && nanos > 0)
            {
                seconds--;
                nanos = 1_000_000_000 - nanos;
            }
        }
        return new Timespec(seconds, nanos);
    }

    /// <summary>Parses "LEN key=value\n" records; values stay raw bytes.</summary>
    private static Dictionary<string, byte[]> ParsePax(byte[] data, Dictionary<string, byte[]>? into)
    {
        var result = into ?? new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var pos = 0;
        while (pos < data.Length)
        {
            if (data[pos] == 0)
            {
                break;
            }
            var span = data.AsSpan(pos);
            var space = span.IndexOf((byte)' ');
            if (space <= 0 || !Utf8Parser.TryParse(span[..space], out int length, out var used) || used != space
                || length <= space + 1 || length > span.Length || span[length - 1] != (byte)'\n')
            {
                throw new TarFormatException("malformed pax record");
            }
            var record = span[(space + 1)..(length - 1)];
            var eq = record.IndexOf((byte)'=');
            if (eq <= 0)
            {
                throw new TarFormatException("malformed pax record");
            }
            result[Encoding.UTF8.GetString(record[..eq])] = record[(eq + 1)..].ToArray();
            pos += length;
        }
        return result;
    }

    private byte[] ReadMeta(long size)
    {
        if (size > MaxMetaRecord)
        {
            throw new TarFormatException($"tar metadata record of {size} bytes is too large");
        }
        var result = new byte[size];
        var got = 0;
        dataLeft = size;
        while (got < size)
        {
            var chunk = NextDataChunk();
            chunk.CopyTo(result.AsSpan(got));
            got += chunk.Length;
        }
        padLeft = PadOf(size);
        SkipRemainingData();
        return result;
    }

    private void SkipRemainingData()
    {
        var skip = dataLeft + padLeft;
        dataLeft = 0;
        padLeft = 0;
        while (skip > 0)
        {
            if (start == end && !Fill(1))
            {
                throw new TarFormatException("truncated tar stream");
            }
            var n = (int)Math.Min(skip, end - start);
            start += n;
            skip -= n;
        }
    }

    /// <summary>Ensures at least <paramref name="count"/> unread bytes are buffered; false at end of stream.</summary>
    private bool Fill(int count)
    {
        if (end - start >= count)
        {
            return true;
        }
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < count && !sourceDone)
        {
            var n = source.Read(buffer, end, buffer.Length - end);
            if (n == 0)
            {
                sourceDone = true;
                break;
            }
            end += n;
        }
        return end - start >= count;
    }

    /// <summary>Reads what follows the end-of-archive marker: zero padding from tar's blocking, within the bound.</summary>
    private void Drain()
    {
        long after = end - start;
        start = end = 0;
        while (after <= maxBytesAfterEnd && !sourceDone)
        {
            var room = maxBytesAfterEnd - after;
            var n = source.Read(buffer, 0, room < buffer.Length ? (int)room + 1 : buffer.Length);
            after += n;
            sourceDone = n == 0;
        }
        if (after > maxBytesAfterEnd)
        {
            throw new CriMeshException(ErrorKind.InvalidArgument,
                $"layer tar has more than {maxBytesAfterEnd} bytes after its end-of-archive marker, the limit of max_bytes_after_end_of_archive");
        }
    }
}
