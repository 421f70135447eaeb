using CriMesh.Common.Errors;
using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Rootfs;
using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Rootfs;

/// <summary>Container filesystems on the kernel's overlayfs, mounted for real.</summary>
public sealed class RootfsStoreTests
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    [Fact]
    public async Task Prepare_Mounted_WhiteoutsHideLowerFiles()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img",
            new LayerTar().Dir("etc").File("etc/keep", "k").File("etc/gone", "g").Dir("d").File("d/old1", "1").File("d/old2", "2"),
            new LayerTar().Whiteout("etc/gone").Dir("d").Opaque("d").File("d/new", "n"));

        var mount = await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);

        Assert.True(MountTable.IsMountPoint(mount.MountPoint));
        Assert.Equal("k", File.ReadAllText(Path.Combine(mount.MountPoint, "etc/keep")));
        Assert.False(File.Exists(Path.Combine(mount.MountPoint, "etc/gone")));
        Assert.Equal(new[] { "new" }, Directory.EnumerateFileSystemEntries(Path.Combine(mount.MountPoint, "d")).Select(p => Path.GetFileName(p)!).ToArray());
    }

    [Fact]
    public async Task Prepare_Description_IsMountableAsIs()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"), new LayerTar().File("b", "b"));
        var mount = await store.Rootfs.PrepareAsync("c1", "img", mount: false, NoLabels, CancellationToken.None);

        Assert.False(MountTable.IsMountPoint(mount.MountPoint));
        Assert.Equal("overlay", mount.Type);
        var lower = mount.Options.Single(o => o.StartsWith("lowerdir=", StringComparison.Ordinal));
        Assert.Equal(2, lower.Split(':').Length);
        // A consumer mounts the description itself (here: this test, with mount(2)).
        CriMesh.Linux.Interop.Libc.Check(CriMesh.Linux.Interop.Libc.Mount(mount.Source, mount.MountPoint, mount.Type, 0, string.Join(',', mount.Options)), "mount", mount.MountPoint);
        Assert.Equal("b", File.ReadAllText(Path.Combine(mount.MountPoint, "b")));
        Assert.Equal("a", File.ReadAllText(Path.Combine(mount.MountPoint, "a")));
    }

    [Fact]
    public async Task Prepare_HundredLayerImage_Mounts()
    {
        await using var store = await TempStore.CreateAsync();
        var layers = Enumerable.Range(0, 100).Select(i => new LayerTar().File($"f{i:D3}", $"{i}").File("top", $"{i}")).ToArray();
        await store.ImageAsync("img100", layers);

        var mount = await store.Rootfs.PrepareAsync("c100", "img100", mount: true, NoLabels, CancellationToken.None);

        Assert.Equal(100, Directory.EnumerateFiles(mount.MountPoint, "f*").Count());
        Assert.Equal("99", File.ReadAllText(Path.Combine(mount.MountPoint, "top")));
        Assert.Equal(100, store.Catalog.Rootfs["c100"].Chain.Count);
        await store.Rootfs.RemoveAsync("c100", CancellationToken.None);
        Assert.False(Directory.Exists(mount.MountPoint));
    }

    [Fact]
    public async Task Prepare_WritesLandInUpperAndCountInUsage()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("base", "b"));
        var mount = await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);
        var before = store.Rootfs.Usage("c1");

        await File.WriteAllBytesAsync(Path.Combine(mount.MountPoint, "written"), new byte[1 << 20]);
        store.Time.Advance(TimeSpan.FromMinutes(1));
        var after = store.Rootfs.Usage("c1");

        Assert.True(File.Exists(Path.Combine(store.Catalog.Layout.Upper("c1"), "written")));
        Assert.True(after.Bytes >= before.Bytes + (1 << 20), $"{after.Bytes} vs {before.Bytes}");
        Assert.Equal(before.Inodes + 1, after.Inodes);
        Assert.False(File.Exists(Path.Combine(store.Catalog.Layout.LayerDiff(store.Catalog.Rootfs["c1"].TopChainId), "written")));
    }

    [Fact]
    public async Task Remove_MountedRootfs_UnmountsAndDeletes()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        var mount = await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);

        await store.Rootfs.RemoveAsync("c1", CancellationToken.None);
        await store.Rootfs.RemoveAsync("c1", CancellationToken.None);

        Assert.False(MountTable.IsMountPoint(mount.MountPoint));
        Assert.False(Directory.Exists(store.Catalog.Layout.RootfsDir("c1")));
        Assert.Empty(store.Rootfs.List());
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task Remove_UpperHoldsSymlinkToOutside_OutsideKept()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        var mount = await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);
        File.CreateSymbolicLink(Path.Combine(mount.MountPoint, "escape"), store.Outside);

        await store.Rootfs.RemoveAsync("c1", CancellationToken.None);

        store.AssertOutsideUntouched();
    }

    [Fact]
    public async Task Prepare_SameContainerTwice_Idempotent()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        var first = await store.Rootfs.PrepareAsync("c1", "img", mount: false, NoLabels, CancellationToken.None);
        var second = await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);

        Assert.Equal(first.MountPoint, second.MountPoint);
        Assert.Equal(first.Options, second.Options);
        Assert.True(Assert.Single(store.Rootfs.List()).Mounted);
    }

    [Fact]
    public async Task Prepare_SameContainerOtherImage_AlreadyExists()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img1", new LayerTar().File("a", "a"));
        await store.ImageAsync("img2", new LayerTar().File("b", "b"));
        await store.Rootfs.PrepareAsync("c1", "img1", mount: false, NoLabels, CancellationToken.None);

        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.Rootfs.PrepareAsync("c1", "img2", mount: false, NoLabels, CancellationToken.None));
        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);
    }

    [Theory]
    [InlineData("c1", "unknown-image", ErrorKind.NotFound)]
    [InlineData("../escape", "img", ErrorKind.InvalidArgument)]
    [InlineData("", "img", ErrorKind.InvalidArgument)]
    [InlineData("c1", "", ErrorKind.InvalidArgument)]
    public async Task Prepare_BadRequest_ClearErrorAndNothingLeft(string container, string image, ErrorKind expected)
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.Rootfs.PrepareAsync(container, image, mount: true, NoLabels, CancellationToken.None));
        Assert.Equal(expected, e.Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Rootfs));
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ReleaseImage_WhileRootfsUsesIt_FailedPreconditionThenAllowed()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);

        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.Layers.ReleaseImageAsync("img", CancellationToken.None));
        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
        Assert.Contains("c1", e.Message, StringComparison.Ordinal);

        await store.Rootfs.RemoveAsync("c1", CancellationToken.None);
        await store.Layers.ReleaseImageAsync("img", CancellationToken.None);
        await store.Layers.ReleaseImageAsync("img", CancellationToken.None);
        Assert.Empty(store.Catalog.Images);
    }

    [Fact]
    public async Task Prepare_ConcurrentContainersOnOneImage_AllMount()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        var mounts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.Rootfs.PrepareAsync($"c{i}", "img", mount: true, NoLabels, CancellationToken.None))));
        Assert.Equal(8, mounts.Select(m => m.MountPoint).Distinct().Count());
        Assert.All(store.Rootfs.List(), r => Assert.True(r.Mounted));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.Rootfs.RemoveAsync($"c{i}", CancellationToken.None))));
        Assert.Empty(MountTable.MountPointsUnder(store.Dir));
    }

    [Fact]
    public async Task Remove_FileOpenInMount_DetachesAndDeletes()
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("img", new LayerTar().File("a", "a"));
        var mount = await store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None);
        using (var busy = new FileStream(Path.Combine(mount.MountPoint, "a"), FileMode.Open, FileAccess.Read))
        {
            await store.Rootfs.RemoveAsync("c1", CancellationToken.None);
            Assert.Equal((byte)'a', busy.ReadByte());
        }
        Assert.False(MountTable.IsMountPoint(mount.MountPoint));
        Assert.False(Directory.Exists(store.Catalog.Layout.RootfsDir("c1")));
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task Prepare_MountFails_NothingHalfCreated()
    {
        await using var store = await TempStore.CreateAsync(new CriMesh.Storaged.Options.StoragedOptions { ExtraMountOptions = ["no_such_overlay_option"] });
        await store.ImageAsync("img", new LayerTar().File("a", "a"));

        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.Rootfs.PrepareAsync("c1", "img", mount: true, NoLabels, CancellationToken.None));

        Assert.Contains("EINVAL", e.Message, StringComparison.Ordinal);
        Assert.Empty(store.Rootfs.List());
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Rootfs));
        Assert.Empty(MountTable.MountPointsUnder(store.Dir));
        store.AssertTmpEmpty();
        await store.Layers.ReleaseImageAsync("img", CancellationToken.None);
    }
}
