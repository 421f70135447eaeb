using System.Formats.Tar;
using System.Text;
using CriMesh.Storaged.Unpack;

namespace CriMesh.Storaged.Tests.Unpack;

public sealed class TarStreamReaderTests
{
    [Theory]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    [InlineData(TarEntryFormat.V7)]
    public void Next_EachFormat_ReadsNamesSizesAndData(TarEntryFormat format)
    {
        var longName = format switch
        {
            TarEntryFormat.V7 => "short/name",
            TarEntryFormat.Ustar => string.Join('/', Enumerable.Repeat("directory-name-part", 6)) + "/file",
            _ => string.Join('/', Enumerable.Repeat("directory-name-part", 12)) + "/file",
        };
        var tar = Write(format, w =>
        {
            var entry = NewEntry(format, TarEntryType.RegularFile, longName);
            entry.DataStream = new MemoryStream(Encoding.ASCII.GetBytes("hello"));
            entry.Uid = 1234;
            entry.Gid = 5678;
            w.WriteEntry(entry);
            var link = NewEntry(format, TarEntryType.SymbolicLink, "link");
            link.LinkName = format is TarEntryFormat.Pax or TarEntryFormat.Gnu ? new string('t', 150) : "target";
            w.WriteEntry(link);
        });

        var reader = new TarStreamReader(new MemoryStream(tar), 64 * 1024);
        var file = reader.Next()!;
        Assert.Equal(longName, file.Name);
        Assert.Equal(5, file.Size);
        Assert.Equal((1234u, 5678u), (file.Uid, file.Gid));
        Assert.Equal("hello", Encoding.ASCII.GetString(reader.NextDataChunk()));
        Assert.True(reader.NextDataChunk().IsEmpty);
        var symlink = reader.Next()!;
        Assert.Equal((byte)'2', symlink.Type);
        Assert.Equal(format is TarEntryFormat.Pax or TarEntryFormat.Gnu ? new string('t', 150) : "target", symlink.LinkName);
        Assert.Null(reader.Next());
    }

    [Fact]
    public void Next_DataNotRead_SkipsToNextHeader()
    {
        var tar = Write(TarEntryFormat.Pax, w =>
        {
            var a = new PaxTarEntry(TarEntryType.RegularFile, "a") { DataStream = new MemoryStream(new byte[100_000]) };
            w.WriteEntry(a);
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "b/"));
        });
        var reader = new TarStreamReader(new MemoryStream(tar), 64 * 1024);
        Assert.Equal("a", reader.Next()!.Name);
        Assert.Equal("b/", reader.Next()!.Name);
        Assert.Null(reader.Next());
    }

    [Fact]
    public void Next_PaxMtimeWithFraction_KeepsNanoseconds()
    {
        var time = DateTimeOffset.UnixEpoch.AddTicks(1700000000L * TimeSpan.TicksPerSecond + 1234567);
        var tar = Write(TarEntryFormat.Pax, w => w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "d/") { ModificationTime = time }));
        var entry = new TarStreamReader(new MemoryStream(tar), 64 * 1024).Next()!;
        Assert.Equal(1700000000, entry.ModificationTime.Seconds);
        Assert.Equal(123456700, entry.ModificationTime.Nanoseconds);
    }

    [Fact]
    public void Next_CorruptChecksum_Throws()
    {
        var tar = Write(TarEntryFormat.Ustar, w => w.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "d/")));
        tar[10] ^= 0x5A;
        Assert.Throws<TarFormatException>(() => new TarStreamReader(new MemoryStream(tar), 64 * 1024).Next());
    }

    [Fact]
    public void Next_TruncatedData_Throws()
    {
        var tar = Write(TarEntryFormat.Ustar, w =>
            w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "f") { DataStream = new MemoryStream(new byte[5000]) }));
        var reader = new TarStreamReader(new MemoryStream(tar[..2048]), 64 * 1024);
        reader.Next();
        Assert.Throws<TarFormatException>(() =>
        {
            for (var i = 0; i < 100 && !reader.NextDataChunk().IsEmpty; i++)
            {
            }
        });
    }

    [Fact]
    public void Next_OversizedPaxRecord_Throws()
    {
        var tar = Write(TarEntryFormat.Pax, w => w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "d/",
            new Dictionary<string, string> { ["comment"] = new string('x', 2 << 20) })));
        Assert.Throws<TarFormatException>(() => new TarStreamReader(new MemoryStream(tar), 64 * 1024).Next());
    }

    [Fact]
    public void Next_EndMarker_DrainsTheRestOfTheStream()
    {
        var tar = Write(TarEntryFormat.Ustar, w => w.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "d/")));
        var padded = tar.Concat(new byte[20_000]).ToArray();
        var stream = new MemoryStream(padded);
        var reader = new TarStreamReader(stream, 64 * 1024);
        reader.Next();
        Assert.Null(reader.Next());
        Assert.Equal(padded.Length, stream.Position);
    }

    [Theory]
    [InlineData("a/b/c", "a/b/c")]
    [InlineData("/abs/path", "abs/path")]
    [InlineData("./x/./y/", "x/y")]
    [InlineData("a/../b", "b")]
    [InlineData(".", "")]
    [InlineData("..", null)]
    [InlineData("a/../../b", null)]
    [InlineData("/../etc/passwd", null)]
    public void EntryPath_Clean_KeepsNamesBelowRoot(string name, string? expected)
    {
        var parts = EntryPath.Clean(name);
        Assert.Equal(expected, parts is null ? null : string.Join('/', parts));
    }

    private static System.Formats.Tar.TarEntry NewEntry(TarEntryFormat format, TarEntryType type, string name) => format switch
    {
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        TarEntryFormat.Pax => new PaxTarEntry(type, name),
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        _ => new V7TarEntry(type == TarEntryType.RegularFile ? TarEntryType.V7RegularFile : type, name),
    };

    private static byte[] Write(TarEntryFormat format, Action<TarWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, format, leaveOpen: true))
        {
            write(writer);
        }
        return buffer.ToArray();
    }
}
