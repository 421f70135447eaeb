using CriMesh.Common.Errors;
using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Layers;

public sealed class LeaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(string Lease, Storaged.Store.UnpackedLayerRecord Base, Storaged.Store.UnpackedLayerRecord Top)> PullAsync(TempStore store, TimeSpan expiry)
    {
        var lease = (await store.Layers.CreateLeaseAsync(expiry, "registry/app:1", None)).Id;
        var a = new LayerTar().File("a", "a").WriteBlob(store.Blobs);
        var b = new LayerTar().File("b", "b").WriteBlob(store.Blobs);
        var (baseLayer, _) = await store.Layers.ApplyLayerAsync(lease, a.Path, a.MediaType, "", a.DiffId, "", None);
        var (top, _) = await store.Layers.ApplyLayerAsync(lease, "", b.MediaType, baseLayer.ChainId, b.DiffId, b.Digest, None);
        return (lease, baseLayer, top);
    }

    [Fact]
    public async Task GarbageCollect_LeaseExpires_LayersOnlyItHeldGo()
    {
        await using var store = await TempStore.CreateAsync();
        var (lease, baseLayer, top) = await PullAsync(store, TimeSpan.FromMinutes(10));

        store.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty((await store.Layers.GarbageCollectAsync(false, None)).RemovedChainIds);

        store.Time.Advance(TimeSpan.FromMinutes(2));
        var result = await store.Layers.GarbageCollectAsync(false, None);
        Assert.Equal(new[] { baseLayer.ChainId, top.ChainId }.Order(), result.RemovedChainIds.Order());
        Assert.False(File.Exists(store.Catalog.Layout.LeaseRecordFile(lease)));
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.Layers.CommitLeaseAsync(lease, "img", top.ChainId, None));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task CommitLease_ThenExpiry_ImageKeepsEveryLayer()
    {
        await using var store = await TempStore.CreateAsync();
        var (lease, baseLayer, top) = await PullAsync(store, TimeSpan.FromMinutes(1));

        await store.Layers.CommitLeaseAsync(lease, "img", top.ChainId, None);
        await store.Layers.CommitLeaseAsync(lease, "img", top.ChainId, None);
        store.Time.Advance(TimeSpan.FromHours(2));

        Assert.Empty((await store.Layers.GarbageCollectAsync(false, None)).RemovedChainIds);
        Assert.Equal(new[] { baseLayer.ChainId, top.ChainId }.Order(), store.Layers.List().Select(l => l.ChainId).Order());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Leases), f => f.EndsWith(lease + ".json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteLease_SharedBaseStays_OwnLayerGoes()
    {
        await using var store = await TempStore.CreateAsync();
        var kept = await store.ImageAsync("other", new LayerTar().File("a", "a"));
        var (lease, baseLayer, top) = await PullAsync(store, TimeSpan.FromMinutes(10));
        Assert.Equal(kept.ChainId, baseLayer.ChainId);

        await store.Layers.DeleteLeaseAsync(lease, None);
        await store.Layers.DeleteLeaseAsync(lease, None);

        Assert.Equal(new[] { top.ChainId }, (await store.Layers.GarbageCollectAsync(false, None)).RemovedChainIds);
    }

    [Fact]
    public async Task CommitLease_TopNotInLease_FailedPrecondition()
    {
        await using var store = await TempStore.CreateAsync();
        var other = await store.ImageAsync("other", new LayerTar().File("z", "z"));
        var (lease, _, _) = await PullAsync(store, TimeSpan.FromMinutes(10));

        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.Layers.CommitLeaseAsync(lease, "img", other.ChainId, None));

        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
        Assert.False(store.Catalog.Images.ContainsKey("img"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("0123456789abcdef0123456789abcdeF")]
    public async Task ApplyLayer_BadLeaseId_InvalidArgument(string lease)
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Blobs);
        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            store.Layers.ApplyLayerAsync(lease, blob.Path, blob.MediaType, "", blob.DiffId, "", None));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Empty(store.Layers.List());
    }

    [Fact]
    public async Task ApplyLayer_ExpiredLease_NotFoundAndNothingUnpacked()
    {
        await using var store = await TempStore.CreateAsync();
        var lease = (await store.Layers.CreateLeaseAsync(TimeSpan.FromSeconds(5), "x", None)).Id;
        store.Time.Advance(TimeSpan.FromSeconds(6));
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Blobs);
        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            store.Layers.ApplyLayerAsync(lease, blob.Path, blob.MediaType, "", blob.DiffId, "", None));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Empty(store.Layers.List());
    }

    [Fact]
    public async Task Leases_SurviveRestart_AndStillExpire()
    {
        await using var store = await TempStore.CreateAsync();
        var (lease, _, top) = await PullAsync(store, TimeSpan.FromMinutes(10));
        await store.OpenAsync();
        Assert.True(store.Catalog.Leases.ContainsKey(lease));
        Assert.Empty((await store.Layers.GarbageCollectAsync(false, None)).RemovedChainIds);

        store.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Contains(top.ChainId, (await store.Layers.GarbageCollectAsync(false, None)).RemovedChainIds);
    }
}
