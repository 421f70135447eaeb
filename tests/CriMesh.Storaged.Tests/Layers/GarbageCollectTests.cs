using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Layers;

public sealed class GarbageCollectTests
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    [Fact]
    public async Task GarbageCollect_SharedBase_RemovesOnlyUnreferencedLayers()
    {
        await using var store = await TempStore.CreateAsync();
        var shared = new LayerTar().File("base", "b");
        var topA = await store.ImageAsync("a", shared, new LayerTar().File("a", "a"));
        var topB = await store.ImageAsync("b", shared, new LayerTar().File("bb", "b"));
        Assert.Equal(3, store.Layers.List().Count);
        Assert.Equal(2, store.Layers.References()[topA.ParentChainId]);

        await store.Layers.ReleaseImageAsync("b", CancellationToken.None);
        var dry = await store.Layers.GarbageCollectAsync(dryRun: true, CancellationToken.None);
        Assert.Equal(new[] { topB.ChainId }, dry.RemovedChainIds);
        Assert.Equal(3, store.Layers.List().Count);

        var result = await store.Layers.GarbageCollectAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(new[] { topB.ChainId }, result.RemovedChainIds);
        Assert.Equal(topB.Size, result.FreedBytes);
        Assert.True(topB.Size > 1, $"a layer of a 1-byte file uses its blocks on disk, not {topB.Size} bytes");
        Assert.Equal(new[] { topA.ChainId, topA.ParentChainId }.Order(), store.Layers.List().Select(l => l.ChainId).Order());
        Assert.False(Directory.Exists(store.Catalog.Layout.LayerDir(topB.ChainId)));
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Links).Count());
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task GarbageCollect_ContainerKeepsLayers_UntilRemoved()
    {
        await using var store = await TempStore.CreateAsync();
        var top = await store.ImageAsync("a", new LayerTar().File("x", "x"));
        await store.Rootfs.PrepareAsync("c1", "a", mount: true, NoLabels, CancellationToken.None);
        await store.Rootfs.RemoveAsync("c1", CancellationToken.None);
        await store.Rootfs.PrepareAsync("c2", "a", mount: true, NoLabels, CancellationToken.None);

        Assert.Empty((await store.Layers.GarbageCollectAsync(false, CancellationToken.None)).RemovedChainIds);
        await store.Rootfs.RemoveAsync("c2", CancellationToken.None);
        await store.Layers.ReleaseImageAsync("a", CancellationToken.None);

        var result = await store.Layers.GarbageCollectAsync(false, CancellationToken.None);
        Assert.Equal(new[] { top.ChainId }, result.RemovedChainIds);
        Assert.Empty(store.Layers.List());
    }

    [Fact]
    public async Task RetainImage_UnknownLayer_NotFound()
    {
        await using var store = await TempStore.CreateAsync();
        var e = await Assert.ThrowsAsync<CriMesh.Common.Errors.CriMeshException>(() =>
            store.Layers.RetainImageAsync("img", "sha256:" + new string('2', 64), CancellationToken.None));
        Assert.Equal(CriMesh.Common.Errors.ErrorKind.NotFound, e.Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Images));
    }
}
