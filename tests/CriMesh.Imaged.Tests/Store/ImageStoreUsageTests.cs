using CriMesh.Imaged.Store;

namespace CriMesh.Imaged.Tests.Store;

/// <summary>StoreUsage (ImageFsInfo's share from imaged) counts what the store really uses on disk.</summary>
public sealed class ImageStoreUsageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("crimesh-imagestore-usage-").FullName;
    private readonly ImageStore _store;

    public ImageStoreUsageTests()
    {
        _store = new ImageStore(_root);
        _store.Initialize();
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Usage_SparsePartialDownload_CountsAllocatedBytesNotItsLength()
    {
        var (before, inodesBefore) = _store.Usage();
        using (var partial = File.Create(Path.Combine(_store.IngestDir, "sha256-" + new string('a', 64) + ".partial")))
        {
            partial.SetLength(1L << 30);
            partial.Write(new byte[4096]);
        }

        var (after, inodesAfter) = _store.Usage();

        Assert.Equal(inodesBefore + 1, inodesAfter);
        Assert.InRange(after - before, 4096, 1 << 20);
    }

    [Fact]
    public void Usage_EmptyStore_CountsItsDirectories()
    {
        var (bytes, inodes) = _store.Usage();

        // root, blobs, blobs/sha256, blobs/sha512, ingest (and the lock file once a writer took it).
        Assert.True(inodes >= 5, $"inodes {inodes}");
        Assert.True(bytes > 0, $"bytes {bytes}");
    }
}
