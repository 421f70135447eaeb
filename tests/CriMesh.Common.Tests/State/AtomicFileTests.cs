using CriMesh.Common.State;

namespace CriMesh.Common.Tests.State;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WriteAllBytes_Overwrite_LeavesOnlyNewContentAndNoTemporaries()
    {
        var path = Path.Combine(_dir, "sub", "record.bin");

        AtomicFile.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void CleanTemporaries_LeftoverFromCrash_IsRemoved()
    {
        File.WriteAllText(Path.Combine(_dir, ".record.bin.1.abc.tmp"), "half");
        File.WriteAllText(Path.Combine(_dir, "record.bin"), "whole");

        Assert.Equal(1, AtomicFile.CleanTemporaries(_dir));
        Assert.Equal(["record.bin"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void TryReadAllBytes_Missing_IsNull() => Assert.Null(AtomicFile.TryReadAllBytes(Path.Combine(_dir, "none", "x")));

    [Fact]
    public async Task WriteAllBytes_ConcurrentWriters_ReaderAlwaysSeesAWholeVersion()
    {
        var path = Path.Combine(_dir, "r.txt");
        AtomicFile.WriteAllText(path, new string('a', 4096));
        var writers = Enumerable.Range(0, 4).Select(i => Task.Run(() =>
        {
            for (var n = 0; n < 50; n++)
            {
                AtomicFile.WriteAllText(path, new string((char)('b' + i), 4096));
            }
        })).ToArray();
        var reads = 0;
        while (!writers.All(w => w.IsCompleted) && reads < 100_000)
        {
            var text = File.ReadAllText(path);
            Assert.Equal(4096, text.Length);
            Assert.True(text.All(c => c == text[0]));
            reads++;
        }
        await Task.WhenAll(writers);
    }
}
