using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Rootfs;
using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Recovery;

/// <summary>What a restart after SIGKILL finds, recreated on disk, and what reconcile makes of it.</summary>
public sealed class StoreReconcilerTests
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    [Fact]
    public async Task Open_ExtractionLeftInTmp_RemovedAndLayerNotVisible()
    {
        await using var store = await TempStore.CreateAsync();
        var partial = Path.Combine(store.Catalog.Layout.Tmp, "layer-deadbeef", "diff", "usr", "bin");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "half"), "hal");

        await store.OpenAsync();

        store.AssertTmpEmpty();
        Assert.Empty(store.Layers.List());
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Layers));
    }

    [Fact]
    public async Task Open_StateSurvivesRestart()
    {
        await using var store = await TempStore.CreateAsync();
        var top = await store.ImageAsync("img", new LayerTar().File("a", "a"), new LayerTar().File("b", "b"));
        await store.Rootfs.PrepareAsync("c1", "img", mount: true, new Dictionary<string, string> { ["k"] = "v" }, CancellationToken.None);

        await store.OpenAsync();

        Assert.Equal(2, store.Layers.List().Count);
        Assert.Equal(top.ChainId, store.Catalog.Images["img"].TopChainId);
        var rootfs = Assert.Single(store.Rootfs.List());
        Assert.True(rootfs.Mounted);
        Assert.Equal("v", rootfs.Record.Labels["k"]);
        Assert.Equal("b", File.ReadAllText(Path.Combine(rootfs.MountPoint, "b")));
    }

    [Fact]
    public async Task Open_RootfsWithoutRecord_UnmountedAndRemoved()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        var mount = await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);
        File.Delete(store.Catalog.Layout.RootfsRecord("c1"));

        await store.OpenAsync();

        Assert.False(MountTable.IsMountPoint(mount.MountPoint));
        Assert.False(Directory.Exists(store.Catalog.Layout.RootfsDir("c1")));
        Assert.Empty(store.Rootfs.List());
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task Open_RootfsWithTornRecord_UnmountedAndRemoved()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        var mount = await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);
        File.WriteAllText(store.Catalog.Layout.RootfsRecord("c1"), "{\"version\":1,\"contai");

        await store.OpenAsync();

        Assert.False(MountTable.IsMountPoint(mount.MountPoint));
        Assert.Empty(store.Rootfs.List());
    }

    [Fact]
    public async Task Open_LayerDirWithoutRecord_RemovedAndDependentsDropped()
    {
        await using var store = await TempStore.CreateAsync();
        var top = await store.ImageAsync("img", new LayerTar().File("a", "a"), new LayerTar().File("b", "b"));
        File.Delete(store.Catalog.Layout.LayerRecordFile(top.ParentChainId));

        await store.OpenAsync();

        Assert.Empty(store.Layers.List());
        Assert.Empty(store.Catalog.Images);
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Links));
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Images));
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task Open_MissingAndStrayLinks_Repaired()
    {
        await using var store = await TempStore.CreateAsync();
        var layer = await store.ApplyAsync(new LayerTar().File("a", "a"));
        File.Delete(store.Catalog.Layout.Link(layer.Link));
        File.CreateSymbolicLink(store.Catalog.Layout.Link("STRAY"), "../layers/nothing/diff");

        await store.OpenAsync();

        Assert.Equal("../layers/" + layer.ChainId[7..] + "/diff", new FileInfo(store.Catalog.Layout.Link(layer.Link)).LinkTarget);
        Assert.False(File.Exists(store.Catalog.Layout.Link("STRAY")) || new FileInfo(store.Catalog.Layout.Link("STRAY")).LinkTarget is not null);
    }

    [Fact]
    public async Task Open_TmpHoldsMountedRetiredRootfs_UnmountedAndRemoved()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);
        // A crash between the rename into tmp/ and the unmount would leave this (we rename mounted dirs on purpose here).
        var retired = Path.Combine(store.Catalog.Layout.Tmp, "rm-crashed");
        Directory.Move(store.Catalog.Layout.RootfsDir("c1"), retired);

        await store.OpenAsync();

        Assert.Empty(MountTable.MountPointsUnder(store.Dir));
        store.AssertTmpEmpty();
        Assert.True(Directory.Exists(store.Catalog.Layout.LayerDiff(store.Catalog.Images["img"].TopChainId)));
        Assert.Equal("a", File.ReadAllText(Path.Combine(store.Catalog.Layout.LayerDiff(store.Catalog.Images["img"].TopChainId), "a")));
    }
}
