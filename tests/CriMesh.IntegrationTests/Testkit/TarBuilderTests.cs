using System.Formats.Tar;
using CriMesh.Testing;
using CriMesh.Testing.Images;

namespace CriMesh.IntegrationTests.Testkit;

public sealed class TarBuilderTests
{
    [Fact]
    public void ToArray_SameCalls_SameBytes()
    {
        static byte[] Build() => new TarBuilder().AddBusybox().AddRandomFile("r.bin", 100_000, seed: 5).AddFile("a", "x").ToArray();

        Assert.Equal(Build(), Build());
    }

    [Fact]
    public void AddEntries_GnuTarListsThemWithModesOwnersAndLinks()
    {
        var tar = new TarBuilder()
            .AddDirectory("d/", TarBuilder.Octal(700), 1000, 1000)
            .AddFile("d/f", "hello", TarBuilder.Octal(4755), 1000, 2000)
            .AddSymlink("d/s", "/etc/passwd")
            .AddHardLink("d/h", "d/f")
            .AddWhiteout("d/gone")
            .AddOpaqueWhiteout("d/")
            .AddFifo("d/p")
            .AddDevice("d/null", 1, 3)
            .ToArray();
        using var dir = new TempDir();
        File.WriteAllBytes(dir.Combine("x.tar"), tar);

        var list = ChildProcess.Run("tar", ["--numeric-owner", "-tvf", dir.Combine("x.tar")], TimeSpan.FromSeconds(30)).Stdout;

        Assert.Contains("drwx------ 1000/1000", list, StringComparison.Ordinal);
        Assert.Contains("-rwsr-xr-x 1000/2000         5 2024-01-01 00:00 d/f", list, StringComparison.Ordinal);
        Assert.Contains("d/s -> /etc/passwd", list, StringComparison.Ordinal);
        Assert.Contains("d/h link to d/f", list, StringComparison.Ordinal);
        Assert.Contains("d/.wh.gone", list, StringComparison.Ordinal);
        Assert.Contains("d/.wh..wh..opq", list, StringComparison.Ordinal);
        Assert.Contains("prw-r--r--", list, StringComparison.Ordinal);
        Assert.Contains("crw-rw-rw- 0/0", list, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFile_HostileNames_WrittenVerbatim()
    {
        var tar = new TarBuilder()
            .AddFile("../../escape", "x")
            .AddFile("/etc/absolute", "x")
            .AddSymlink("link", "/etc")
            .AddFile("link/through", "x")
            .AddHardLink("hard", "../../../etc/shadow")
            .ToArray();

        using var reader = new TarReader(new MemoryStream(tar));
        var entries = new List<(string Name, string Link)>();
        while (reader.GetNextEntry() is { } e)
        {
            entries.Add((e.Name, e.LinkName));
        }

        Assert.Equal(
            [("../../escape", ""), ("/etc/absolute", ""), ("link", "/etc"), ("link/through", ""), ("hard", "../../../etc/shadow")],
            entries);
    }

    [Fact]
    public void AddBusybox_ExtractedWithGnuTar_ShellRuns()
    {
        var tar = new TarBuilder().AddBusybox().ToArray();
        using var dir = new TempDir();
        File.WriteAllBytes(dir.Combine("b.tar"), tar);
        Directory.CreateDirectory(dir.Combine("root"));

        ChildProcess.Run("tar", ["-xf", dir.Combine("b.tar"), "-C", dir.Combine("root")], TimeSpan.FromSeconds(30));
        var echo = ChildProcess.Run(dir.Combine("root", "bin", "sh"), ["-c", "echo works"], TimeSpan.FromSeconds(30));

        Assert.Equal("works\n", echo.Stdout);
        Assert.Contains("app:x:1000:1000", File.ReadAllText(dir.Combine("root", "etc", "passwd")), StringComparison.Ordinal);
    }

    [Fact]
    public void AddFile_LongNamesAndPaxRecords_GnuTarReadsThem()
    {
        var longName = string.Join('/', Enumerable.Range(0, 40).Select(i => $"dir{i:D3}")) + "/file";
        var tar = new TarBuilder()
            .AddFile(longName, "deep")
            .AddFileWithPaxRecords("x", "y"u8.ToArray(), new Dictionary<string, string> { ["SCHILY.xattr.user.note"] = "hello" })
            .ToArray();
        using var dir = new TempDir();
        File.WriteAllBytes(dir.Combine("t.tar"), tar);
        Directory.CreateDirectory(dir.Combine("out"));

        ChildProcess.Run("tar", ["-xf", dir.Combine("t.tar"), "-C", dir.Combine("out")], TimeSpan.FromSeconds(30));
        using var reader = new TarReader(new MemoryStream(tar));
        reader.GetNextEntry();
        var withRecords = (PaxTarEntry)reader.GetNextEntry()!;

        Assert.True(longName.Length > 255);
        Assert.Equal("deep", File.ReadAllText(dir.Combine("out", longName)));
        Assert.Equal("hello", withRecords.ExtendedAttributes["SCHILY.xattr.user.note"]);
    }

    [Fact]
    public void ToArray_CalledTwice_SameArrayAndFurtherAddsThrow()
    {
        var builder = new TarBuilder().AddFile("a", "b");
        var first = builder.ToArray();

        Assert.Same(first, builder.ToArray());
        Assert.Throws<InvalidOperationException>(() => builder.AddFile("c", "d"));
    }

    [Fact]
    public void SeededRandomStream_SameSeed_SameBytesAcrossChunkings()
    {
        var whole = SeededRandomStream.Bytes(1001, 42);
        using var s = new SeededRandomStream(1001, 42);
        var pieces = new byte[1001];
        var offset = 0;
        foreach (var size in new[] { 3, 5, 8, 100, 885 })
        {
            s.ReadExactly(pieces, offset, size);
            offset += size;
        }

        Assert.Equal(whole, pieces);
        Assert.NotEqual(whole, SeededRandomStream.Bytes(1001, 43));
    }
}
