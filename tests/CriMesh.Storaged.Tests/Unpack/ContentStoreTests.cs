using CriMesh.Common.Errors;
using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Unpack;

/// <summary>storaged reads layer blobs only as content: a digest inside its content store, no symlinks, regular files.</summary>
public sealed class ContentStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<CriMeshException> ApplyAsync(TempStore store, string blobPath, string blobDigest, string diffId)
    {
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.Layers.ApplyLayerAsync(
            store.LeaseId, blobPath, "application/vnd.oci.image.layer.v1.tar", "", diffId, blobDigest, None));
        Assert.Empty(store.Layers.List());
        store.AssertTmpEmpty();
        return e;
    }

    private static string Hex(char c) => new(c, 64);

    [Fact]
    public async Task ApplyLayer_PathOutsideContentStore_InvalidArgument()
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Outside, "none");

        var e = await ApplyAsync(store, blob.Path, "", blob.DiffId);

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("content store", e.Message, StringComparison.Ordinal);
        File.Delete(blob.Path);
        Directory.Delete(Path.GetDirectoryName(blob.Path)!);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("relative/sha256/x")]
    [InlineData("{blobs}/sha256/../../outside/passwd")]
    [InlineData("{blobs}/sha256/{hex}/../{hex}")]
    [InlineData("{blobs}/sha256")]
    public async Task ApplyLayer_HostilePaths_InvalidArgument(string template)
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Blobs, "none");
        var path = template.Replace("{blobs}", store.Blobs, StringComparison.Ordinal).Replace("{hex}", blob.Digest[7..], StringComparison.Ordinal);

        var e = await ApplyAsync(store, path, "", blob.DiffId);

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        store.AssertOutsideUntouched();
    }

    [Fact]
    public async Task ApplyLayer_PathAndDigestDisagree_InvalidArgument()
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Blobs, "none");

        var e = await ApplyAsync(store, blob.Path, "sha256:" + Hex('0'), blob.DiffId);

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task ApplyLayer_SymlinkInContentStore_InvalidArgument()
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Outside, "none");
        var link = Path.Combine(store.Blobs, "sha256", blob.Digest[7..]);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, blob.Path);

        var e = await ApplyAsync(store, "", blob.Digest, blob.DiffId);

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        File.Delete(blob.Path);
        Directory.Delete(Path.GetDirectoryName(blob.Path)!);
    }

    [Fact]
    public async Task ApplyLayer_SymlinkedAlgorithmDirectory_InvalidArgument()
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Outside, "none");
        Directory.CreateDirectory(store.Blobs);
        Directory.CreateSymbolicLink(Path.Combine(store.Blobs, "sha256"), Path.GetDirectoryName(blob.Path)!);

        var e = await ApplyAsync(store, "", blob.Digest, blob.DiffId);

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        File.Delete(Path.Combine(store.Blobs, "sha256"));
        File.Delete(blob.Path);
        Directory.Delete(Path.GetDirectoryName(blob.Path)!);
    }

    [Fact]
    public async Task ApplyLayer_FifoOrDirectory_InvalidArgumentWithoutHanging()
    {
        await using var store = await TempStore.CreateAsync();
        var dir = Path.Combine(store.Blobs, "sha256");
        Directory.CreateDirectory(dir);
        CriMesh.Testing.ChildProcess.Run("mkfifo", [Path.Combine(dir, Hex('1'))], TimeSpan.FromSeconds(10), throwOnFailure: true);
        Directory.CreateDirectory(Path.Combine(dir, Hex('2')));

        var fifo = await ApplyAsync(store, "", "sha256:" + Hex('1'), "sha256:" + Hex('3')).WaitAsync(TimeSpan.FromSeconds(30));
        var directory = await ApplyAsync(store, "", "sha256:" + Hex('2'), "sha256:" + Hex('3'));

        Assert.Equal(ErrorKind.InvalidArgument, fifo.Kind);
        Assert.Equal(ErrorKind.InvalidArgument, directory.Kind);
    }

    [Fact]
    public async Task ApplyLayer_DigestNotInStore_NotFound()
    {
        await using var store = await TempStore.CreateAsync();
        Directory.CreateDirectory(Path.Combine(store.Blobs, "sha256"));

        var e = await ApplyAsync(store, "", "sha256:" + Hex('4'), "sha256:" + Hex('3'));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }
}
