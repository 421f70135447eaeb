using System.Formats.Tar;
using CriMesh.Testing.Images;

namespace CriMesh.IntegrationTests.Testkit;

public sealed class HostileLayersTests
{
    private const string Target = "/tmp/crimesh-hostile/escape";

    [Fact]
    public void PathTraversal_EntryNameClimbsOut()
    {
        var (name, _) = Assert.Single(Read(HostileLayers.PathTraversal(Target)));

        Assert.StartsWith("../../", name, StringComparison.Ordinal);
        Assert.EndsWith("tmp/crimesh-hostile/escape", name, StringComparison.Ordinal);
    }

    [Fact]
    public void AbsolutePath_EntryNameAbsolute()
    {
        Assert.Equal([(Target, "")], Read(HostileLayers.AbsolutePath(Target)));
    }

    [Fact]
    public void SymlinkWriteThrough_LinkThenFileThroughIt()
    {
        Assert.Equal([("link", "/tmp/crimesh-hostile"), ("link/escape", "")], Read(HostileLayers.SymlinkWriteThrough(Target)));
    }

    [Fact]
    public void HardLinkOutside_LinkToAbsoluteThenWrite()
    {
        Assert.Equal([("hard", Target), ("hard", "")], Read(HostileLayers.HardLinkOutside(Target)));
    }

    [Fact]
    public void Truncated_TarReader_Throws()
    {
        Assert.ThrowsAny<Exception>(() => Read(HostileLayers.Truncated()).ToList());
    }

    [Fact]
    public void CorruptHeader_TarReader_Throws()
    {
        Assert.ThrowsAny<InvalidDataException>(() => Read(HostileLayers.CorruptHeader()));
    }

    private static List<(string Name, string Link)> Read(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        var entries = new List<(string, string)>();
        while (reader.GetNextEntry() is { } e)
        {
            e.DataStream?.CopyTo(Stream.Null);
            entries.Add((e.Name, e.LinkName));
        }
        return entries;
    }
}
