using CriMesh.Common.Errors;
using CriMesh.Common.Images;
using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Registries;
using CriMesh.Imaged.Store;

namespace CriMesh.Imaged.Tests.Store;

public sealed class ImageStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("crimesh-imagestore-").FullName;
    private readonly ImageStore _store;

    public ImageStoreTests()
    {
        _store = new ImageStore(_root);
        _store.Initialize();
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static string Hex(char c) => new(c, 64);

    private static ImageRecord Image(char id, string[] tags, string[]? digests = null, char layer = 'f') => new()
    {
        Id = "sha256:" + Hex(id),
        RepoTags = tags,
        RepoDigests = digests ?? [],
        ManifestDigest = "sha256:" + Hex('e'),
        ManifestMediaType = MediaTypes.OciManifest,
        Layers = [new ImageLayerRecord { Digest = "sha256:" + Hex(layer), DiffId = "sha256:" + Hex(layer), ChainId = "sha256:" + Hex(layer), MediaType = LayerMediaTypes.OciLayer, Size = 3 }],
        PulledUnixNano = id,
    };

    private static Task NoRelease(ImageRecord image, CancellationToken ct) => Task.CompletedTask;

    [Fact]
    public async Task Find_ByTagDigestIdAndPrefix_FindsTheImage()
    {
        var digest = "sha256:" + Hex('d');
        await _store.CommitAsync(Image('a', ["docker.io/library/busybox:latest"], [$"docker.io/library/busybox@{digest}"]), default);
        var id = "sha256:" + Hex('a');
        Assert.Equal(id, _store.Find("busybox")?.Id);
        Assert.Equal(id, _store.Find("docker.io/library/busybox:latest")?.Id);
        Assert.Equal(id, _store.Find($"busybox@{digest}")?.Id);
        Assert.Equal(id, _store.Find(id)?.Id);
        Assert.Equal(id, _store.Find(Hex('a'))?.Id);
        Assert.Equal(id, _store.Find("aaaa")?.Id);
        Assert.Null(_store.Find("busybox:other"));
        Assert.Null(_store.Find("quay.io/busybox"));
        Assert.Null(_store.Find("sha256:" + Hex('b')));
        Assert.Null(_store.Find("bbbb"));
    }

    [Fact]
    public async Task Find_ShortName_UsesSearchRegistriesInOrder()
    {
        await _store.CommitAsync(Image('a', ["quay.io/app:1"]), default);
        var resolver = new RegistryResolver(new RegistriesConfig([], ["quay.io"]));
        Assert.Equal("sha256:" + Hex('a'), _store.Find("app:1", resolver)?.Id);
        Assert.Null(_store.Find("app:1"));
    }

    [Fact]
    public async Task Find_AmbiguousPrefix_ThrowsInvalidArgument()
    {
        await _store.CommitAsync(Image('a', ["r.io/x:1"]) with { Id = "sha256:abcd" + Hex('1')[4..] }, default);
        await _store.CommitAsync(Image('b', ["r.io/y:1"]) with { Id = "sha256:abcd" + Hex('2')[4..] }, default);
        var e = Assert.Throws<CriMeshException>(() => _store.Find("abcd"));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.NotNull(_store.Find("abcd1"));
    }

    [Fact]
    public async Task Commit_TagOfOtherImage_MovesTheTag()
    {
        await _store.CommitAsync(Image('a', ["r.io/app:latest", "r.io/app:1"]), default);
        await _store.CommitAsync(Image('b', ["r.io/app:latest"]), default);
        Assert.Equal("sha256:" + Hex('b'), _store.Find("r.io/app:latest")?.Id);
        Assert.Equal(["r.io/app:1"], _store.Find("sha256:" + Hex('a'))!.RepoTags);
    }

    [Fact]
    public async Task Commit_SameImageAgain_MergesNames()
    {
        await _store.CommitAsync(Image('a', ["r.io/app:1"], ["r.io/app@sha256:" + Hex('1')]), default);
        await _store.CommitAsync(Image('a', ["r.io/app:2"], ["r.io/app@sha256:" + Hex('1')]), default);
        var image = Assert.Single(_store.List());
        Assert.Equal(["r.io/app:1", "r.io/app:2"], image.RepoTags);
        Assert.Single(image.RepoDigests);
    }

    [Fact]
    public async Task Remove_SharedTag_RemovesOnlyThatTag()
    {
        await _store.CommitAsync(Image('a', ["r.io/app:1", "r.io/app:2"]), default);
        var released = false;
        var outcome = await _store.RemoveAsync("r.io/app:1", null, (_, _) => { released = true; return Task.CompletedTask; }, default);
        Assert.Equal("r.io/app:1", outcome.UntaggedOnly);
        Assert.Null(outcome.Deleted);
        Assert.False(released);
        Assert.Equal(["r.io/app:2"], Assert.Single(_store.List()).RepoTags);
    }

    [Fact]
    public async Task Remove_LastTag_DeletesImageAndItsBlobs()
    {
        var layer = Digest.Parse("sha256:" + Hex('f'), "t");
        File.WriteAllText(_store.BlobPath(layer), "abc");
        await _store.CommitAsync(Image('a', ["r.io/app:1"]), default);
        var outcome = await _store.RemoveAsync("r.io/app:1", null, NoRelease, default);
        Assert.Equal("sha256:" + Hex('a'), outcome.Deleted?.Id);
        Assert.Empty(_store.List());
        Assert.False(File.Exists(_store.BlobPath(layer)));
    }

    [Fact]
    public async Task Remove_ById_DeletesImageWithAllTags()
    {
        await _store.CommitAsync(Image('a', ["r.io/app:1", "r.io/app:2"]), default);
        var outcome = await _store.RemoveAsync("sha256:" + Hex('a'), null, NoRelease, default);
        Assert.NotNull(outcome.Deleted);
        Assert.Empty(_store.List());
    }

    [Fact]
    public async Task Remove_BlobOfOtherImageOrLeased_IsKept()
    {
        var shared = Digest.Parse("sha256:" + Hex('f'), "t");
        var leased = Digest.Parse("sha256:" + Hex('9'), "t");
        File.WriteAllText(_store.BlobPath(shared), "abc");
        File.WriteAllText(_store.BlobPath(leased), "xyz");
        await _store.CommitAsync(Image('a', ["r.io/a:1"]), default);
        await _store.CommitAsync(Image('b', ["r.io/b:1"]), default);
        using (_store.Lease([leased]))
        {
            await _store.RemoveAsync("r.io/a:1", null, NoRelease, default);
            Assert.True(File.Exists(_store.BlobPath(shared)));
            Assert.True(File.Exists(_store.BlobPath(leased)));
        }
        await _store.RemoveAsync("r.io/b:1", null, NoRelease, default);
        Assert.False(File.Exists(_store.BlobPath(shared)));
        Assert.False(File.Exists(_store.BlobPath(leased)));
    }

    [Fact]
    public async Task Remove_ReleaseRefused_LeavesImageUntouched()
    {
        await _store.CommitAsync(Image('a', ["r.io/app:1"]), default);
        var e = await Assert.ThrowsAsync<CriMeshException>(() => _store.RemoveAsync("r.io/app:1", null,
            (_, _) => throw new CriMeshException(ErrorKind.FailedPrecondition, "image in use by container c1"), default));
        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
        Assert.NotNull(_store.Find("r.io/app:1"));
    }

    [Fact]
    public async Task Remove_Unknown_IsNotFoundOutcome()
    {
        var outcome = await _store.RemoveAsync("r.io/none:1", null, NoRelease, default);
        Assert.False(outcome.Found);
    }

    [Fact]
    public async Task SecondStore_OnSameRoot_SeesCommitsAndRemovals()
    {
        using var reader = new ImageStore(_root);
        Assert.Empty(reader.List());
        await _store.CommitAsync(Image('a', ["r.io/app:1"]), default);
        Assert.Equal("sha256:" + Hex('a'), reader.Find("r.io/app:1")?.Id);
        await _store.RemoveAsync("r.io/app:1", null, NoRelease, default);
        Assert.Null(reader.Find("r.io/app:1"));
    }

    [Fact]
    public async Task Commit_ManyConcurrentWritersFromTwoStores_LosesNothing()
    {
        using var other = new ImageStore(_root);
        var tasks = Enumerable.Range(0, 40).Select(i =>
        {
            var store = i % 2 == 0 ? _store : other;
            var id = "sha256:" + i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64, '0');
            return Task.Run(() => store.CommitAsync(Image('a', [$"r.io/app:{i}"]) with { Id = id }, default));
        });
        await Task.WhenAll(tasks);
        using var fresh = new ImageStore(_root);
        Assert.Equal(40, fresh.List().Count);
    }

    [Fact]
    public void Initialize_RemovesCrashTemporaries()
    {
        var tmp = Path.Combine(_root, ".index.json.123.abc.tmp");
        File.WriteAllText(tmp, "partial");
        _store.Initialize();
        Assert.False(File.Exists(tmp));
    }

    [Fact]
    public void Find_CorruptIndex_ThrowsDataLoss()
    {
        File.WriteAllText(Path.Combine(_root, "index.json"), "{\"version\":1,\"images\":[{");
        var e = Assert.Throws<CriMeshException>(() => _store.List());
        Assert.Equal(ErrorKind.DataLoss, e.Kind);
    }

    [Fact]
    public void Find_NewerIndexVersion_ThrowsFailedPrecondition()
    {
        File.WriteAllText(Path.Combine(_root, "index.json"), "{\"version\":99,\"images\":[]}");
        var e = Assert.Throws<CriMeshException>(() => _store.List());
        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
    }
}
