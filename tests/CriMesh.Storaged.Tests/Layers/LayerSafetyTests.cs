using CriMesh.Common.Errors;
using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Layers;

/// <summary>
/// Hostile layers, each crafted to write outside its layer directory. Whether the unpacker rejects the
/// layer or neutralises the entry, the canary directory beside the store must stay exactly as it was.
/// </summary>
public sealed class LayerSafetyTests
{
    [Fact]
    public async Task ApplyLayer_DotDotEntry_RejectedNothingOutside()
    {
        await using var store = await TempStore.CreateAsync();
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.ApplyAsync(new LayerTar()
            .File("../../outside/pwned", "x")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        store.AssertOutsideUntouched();
        store.AssertTmpEmpty();
        Assert.Empty(store.Layers.List());
    }

    [Fact]
    public async Task ApplyLayer_DotDotInsideName_RejectedNothingOutside()
    {
        await using var store = await TempStore.CreateAsync();
        var climbs = string.Concat(Enumerable.Repeat("../", 12));
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.ApplyAsync(new LayerTar()
            .Dir("a").File("a/" + climbs + store.Outside.TrimStart('/') + "/pwned", "x")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        store.AssertOutsideUntouched();
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_AbsolutePath_LandsInsideLayer()
    {
        await using var store = await TempStore.CreateAsync();
        var layer = await store.ApplyAsync(new LayerTar().File(store.Outside + "/pwned", "x"));
        store.AssertOutsideUntouched();
        var diff = store.Catalog.Layout.LayerDiff(layer.ChainId);
        Assert.Equal("x", File.ReadAllText(diff + store.Outside + "/pwned"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApplyLayer_WriteThroughSymlinkToOutside_Rejected(bool absoluteTarget)
    {
        await using var store = await TempStore.CreateAsync();
        var target = absoluteTarget ? store.Outside : string.Concat(Enumerable.Repeat("../", 16)) + store.Outside.TrimStart('/');
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.ApplyAsync(new LayerTar()
            .Symlink("evil", target)
            .File("evil/pwned", "x")
            .File("evil/passwd", "overwritten")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        store.AssertOutsideUntouched();
        store.AssertTmpEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApplyLayer_WriteThroughSymlinkWhoseTargetExistsInLayer_StaysInside(bool absoluteTarget)
    {
        await using var store = await TempStore.CreateAsync();
        var target = absoluteTarget ? store.Outside : string.Concat(Enumerable.Repeat("../", 16)) + store.Outside.TrimStart('/');
        // The layer holds a directory at the outside path, so the symlink resolves (as if the layer root were "/") to it.
        var layer = await store.ApplyAsync(new LayerTar()
            .Dir(store.Outside)
            .Symlink("evil", target)
            .File("evil/pwned", "x")
            .File("evil/passwd", "overwritten"));
        store.AssertOutsideUntouched();
        var diff = store.Catalog.Layout.LayerDiff(layer.ChainId);
        Assert.Equal("x", File.ReadAllText(diff + store.Outside + "/pwned"));
        Assert.Equal("overwritten", File.ReadAllText(diff + store.Outside + "/passwd"));
    }

    [Fact]
    public async Task ApplyLayer_SymlinkToOutsideDirThenSubdirs_Rejected()
    {
        await using var store = await TempStore.CreateAsync();
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.ApplyAsync(new LayerTar()
            .Symlink("evil", store.Outside)
            .Dir("evil/sub")
            .File("evil/sub/deeper/file", "x")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        store.AssertOutsideUntouched();
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_SymlinkToRootThenClimb_StaysInside()
    {
        await using var store = await TempStore.CreateAsync();
        var layer = await store.ApplyAsync(new LayerTar()
            .Symlink("root", "/")
            .Symlink("up", "../../../../../../../../..")
            .File("root/a", "x")
            .File("up/b", "y")
            .Dir("up/sub")
            .File("up/sub/c", "z"));
        store.AssertOutsideUntouched();
        var diff = store.Catalog.Layout.LayerDiff(layer.ChainId);
        Assert.Equal(new[] { "a", "b", "root", "sub", "up" }, Directory.EnumerateFileSystemEntries(diff).Select(p => Path.GetFileName(p)!).Order().ToArray());
    }

    [Fact]
    public async Task ApplyLayer_SymlinkFromEarlierLayer_ChildWritesStayInside()
    {
        await using var store = await TempStore.CreateAsync();
        var lower = await store.ApplyAsync(new LayerTar().Symlink("evil", store.Outside).Symlink("rel", "../../../../../../../.."));
        var upper = await store.ApplyAsync(new LayerTar()
            .File("evil/pwned", "x")
            .File("rel/" + store.Outside.TrimStart('/') + "/pwned", "x")
            .Whiteout("evil/passwd"), parent: lower.ChainId);
        store.AssertOutsideUntouched();
        // Each layer unpacks into its own empty directory: the lower symlink does not exist there.
        Assert.True(Directory.Exists(Path.Combine(store.Catalog.Layout.LayerDiff(upper.ChainId), "evil")));
    }

    [Fact]
    public async Task ApplyLayer_WhiteoutThroughSymlink_CanaryKept()
    {
        await using var store = await TempStore.CreateAsync();
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.ApplyAsync(new LayerTar()
            .Symlink("evil", store.Outside)
            .Whiteout("evil/passwd")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        await store.ApplyAsync(new LayerTar()
            .Dir(store.Outside)
            .Symlink("evil", store.Outside)
            .Whiteout("evil/passwd")
            .Opaque("evil"));
        store.AssertOutsideUntouched();
    }

    [Fact]
    public async Task ApplyLayer_OverwriteSymlinkToCanary_ReplacesLinkNotTarget()
    {
        await using var store = await TempStore.CreateAsync();
        var layer = await store.ApplyAsync(new LayerTar()
            .Symlink("passwd", store.Canary)
            .File("passwd", "replaced")
            .Symlink("dev", store.Canary)
            .CharDevice("dev", 1, 3)
            .Symlink("dir", store.Outside)
            .Dir("dir", (UnixFileMode)0x1FF));
        store.AssertOutsideUntouched();
        Assert.Equal("replaced", File.ReadAllText(Path.Combine(store.Catalog.Layout.LayerDiff(layer.ChainId), "passwd")));
        Assert.Equal(0x1ED, TempStore.Stat(store.Outside).Mode & 0xFFF);
    }

    [Theory]
    [InlineData("absolute")]
    [InlineData("dotdot")]
    [InlineData("via-symlink")]
    public async Task ApplyLayer_HardLinkToOutsideFile_Rejected(string how)
    {
        await using var store = await TempStore.CreateAsync();
        var tar = new LayerTar();
        switch (how)
        {
            case "absolute":
                tar.HardLink("stolen", store.Canary);
                break;
            case "dotdot":
                tar.HardLink("stolen", "../../../../../../../.." + store.Canary);
                break;
            default:
                tar.Symlink("evil", store.Outside).HardLink("stolen", "evil/passwd");
                break;
        }
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.ApplyAsync(tar));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        store.AssertOutsideUntouched();
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_PlantedOverlayXattr_Dropped()
    {
        await using var store = await TempStore.CreateAsync();
        var layer = await store.ApplyAsync(new LayerTar()
            .Dir("d", xattrs: new Dictionary<string, string> { ["trusted.overlay.redirect"] = "/etc", ["user.overlay.redirect"] = "/etc", ["user.overlay.opaque"] = "y", ["user.ok"] = "1" }));
        var d = Path.Combine(store.Catalog.Layout.LayerDiff(layer.ChainId), "d");
        Assert.Null(CriMesh.Linux.Interop.Libc.Lgetxattr(d, "trusted.overlay.redirect"));
        Assert.Null(CriMesh.Linux.Interop.Libc.Lgetxattr(d, "user.overlay.redirect"));
        Assert.Null(CriMesh.Linux.Interop.Libc.Lgetxattr(d, "user.overlay.opaque"));
        Assert.NotNull(CriMesh.Linux.Interop.Libc.Lgetxattr(d, "user.ok"));
    }

    [Fact]
    public async Task ApplyLayer_DanglingSymlinkAsParent_RejectedNothingOutside()
    {
        await using var store = await TempStore.CreateAsync();
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.ApplyAsync(new LayerTar()
            .Symlink("evil", store.Outside + "/newdir")
            .File("evil/pwned", "x")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        store.AssertOutsideUntouched();
        store.AssertTmpEmpty();
    }
}
