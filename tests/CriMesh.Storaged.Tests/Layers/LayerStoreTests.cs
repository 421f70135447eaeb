using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;
using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Layers;

public sealed class LayerStoreTests
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("plain")]
    public async Task ApplyLayer_EachCompression_UnpacksContent(string compression)
    {
        await using var store = await TempStore.CreateAsync();
        var layer = await store.ApplyAsync(new LayerTar().Dir("etc").File("etc/hostname", "box\n"), compression: compression);

        var diff = store.Catalog.Layout.LayerDiff(layer.ChainId);
        Assert.Equal("box\n", File.ReadAllText(Path.Combine(diff, "etc/hostname")));
        // What the layer uses on disk: its blocks (a 4-byte file takes one) and its directories'.
        Assert.Equal(CriMesh.Storaged.Store.FileTree.Measure(diff), (layer.Size, layer.Inodes));
        Assert.True(layer.Size >= 4);
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_HardLinks_UsageCountsTheFileOnce()
    {
        await using var store = await TempStore.CreateAsync();
        var single = await store.ApplyAsync(new LayerTar().File("a", new byte[64 * 1024]));
        var linked = await store.ApplyAsync(new LayerTar().File("a", new byte[64 * 1024]).HardLink("b", "a").HardLink("c", "a"));

        Assert.Equal(2, linked.Inodes);
        Assert.Equal(single.Size, linked.Size);
    }

    [Theory]
    [InlineData("application/vnd.oci.image.manifest.v1+json")]
    [InlineData("application/vnd.oci.image.config.v1+json")]
    [InlineData("text/plain")]
    public async Task ApplyLayer_NotALayerMediaType_IsInvalidArgumentAndLeavesNothing(string mediaType)
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("x", "y").WriteBlob(store.Blobs);

        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            store.Layers.ApplyLayerAsync(store.LeaseId, blob.Path, mediaType, "", blob.DiffId, "", CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(mediaType, e.Message, StringComparison.Ordinal);
        Assert.Empty(store.Layers.List());
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_AllEntryKinds_PreservesAttributes()
    {
        await using var store = await TempStore.CreateAsync();
        var fileTime = new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var dirTime = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var tar = new LayerTar()
            .Dir("usr", (UnixFileMode)0x1C0 /* 0700 */, uid: 7, gid: 8, mtime: dirTime)
            .File("usr/tool", "#!/bin/sh\n", (UnixFileMode)0x9ED /* 04755 */, uid: 1000, gid: 1001, mtime: fileTime,
                xattrs: new Dictionary<string, string> { ["user.origin"] = "test" })
            .HardLink("usr/tool-link", "usr/tool")
            .Symlink("usr/link", "tool", uid: 5, gid: 6)
            .CharDevice("null", 1, 3)
            .Fifo("pipe")
            .Dir("empty", (UnixFileMode)0x3FF /* 01777 */);
        var layer = await store.ApplyAsync(tar);
        var diff = store.Catalog.Layout.LayerDiff(layer.ChainId);

        var tool = TempStore.Stat(Path.Combine(diff, "usr/tool"));
        Assert.Equal(Libc.S_IFREG, tool.FileType);
        Assert.Equal(0x9ED, tool.Mode & 0xFFF);
        Assert.Equal((1000u, 1001u), (tool.Uid, tool.Gid));
        Assert.Equal(fileTime.ToUnixTimeSeconds(), tool.MtimeSeconds);
        Assert.Equal(2u, tool.Nlink);
        Assert.Equal(tool.Ino, TempStore.Stat(Path.Combine(diff, "usr/tool-link")).Ino);
        Assert.Equal("test"u8.ToArray(), Libc.Lgetxattr(Path.Combine(diff, "usr/tool"), "user.origin"));

        var link = TempStore.Stat(Path.Combine(diff, "usr/link"));
        Assert.Equal(Libc.S_IFLNK, link.FileType);
        Assert.Equal((5u, 6u), (link.Uid, link.Gid));
        Assert.Equal("tool", new FileInfo(Path.Combine(diff, "usr/link")).LinkTarget);

        var dev = TempStore.Stat(Path.Combine(diff, "null"));
        Assert.Equal(Libc.S_IFCHR, dev.FileType);
        Assert.Equal((1u, 3u), (dev.RdevMajor, dev.RdevMinor));
        Assert.Equal(Libc.S_IFIFO, TempStore.Stat(Path.Combine(diff, "pipe")).FileType);
        Assert.Equal(0x3FF, TempStore.Stat(Path.Combine(diff, "empty")).Mode & 0xFFF);

        var usr = TempStore.Stat(Path.Combine(diff, "usr"));
        Assert.Equal(0x1C0, usr.Mode & 0xFFF);
        Assert.Equal((7u, 8u), (usr.Uid, usr.Gid));
        Assert.Equal(dirTime.ToUnixTimeSeconds(), usr.MtimeSeconds);
    }

    [Fact]
    public async Task ApplyLayer_BinaryXattr_KeptByteForByte()
    {
        await using var store = await TempStore.CreateAsync();
        // A PAX record value is bytes; our reader must not re-encode it. Build the tar by hand-patching a
        // text value would need a binary-capable writer, so use a value with high UTF-8 code points.
        var value = "\u00e9\u4e2d";
        var layer = await store.ApplyAsync(new LayerTar().File("f", "x", xattrs: new Dictionary<string, string> { ["user.bin"] = value }));
        var diff = store.Catalog.Layout.LayerDiff(layer.ChainId);
        Assert.Equal(Encoding.UTF8.GetBytes(value), Libc.Lgetxattr(Path.Combine(diff, "f"), "user.bin"));
    }

    [Fact]
    public async Task ApplyLayer_Whiteouts_BecomeOverlayWhiteouts()
    {
        await using var store = await TempStore.CreateAsync();
        var layer = await store.ApplyAsync(new LayerTar().Dir("d").Opaque("d").File("d/new", "n").Whiteout("gone"));
        var diff = store.Catalog.Layout.LayerDiff(layer.ChainId);

        var whiteout = TempStore.Stat(Path.Combine(diff, "gone"));
        Assert.Equal(Libc.S_IFCHR, whiteout.FileType);
        Assert.Equal((0u, 0u), (whiteout.RdevMajor, whiteout.RdevMinor));
        Assert.Equal("y"u8.ToArray(), Libc.Lgetxattr(Path.Combine(diff, "d"), "trusted.overlay.opaque"));
        Assert.False(File.Exists(Path.Combine(diff, ".wh.gone")));
        Assert.False(File.Exists(Path.Combine(diff, "d/.wh..wh..opq")));
    }

    [Fact]
    public async Task ApplyLayer_DigestMismatch_DataLossAndNothingLeft()
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Blobs);
        var wrong = "sha256:" + new string('0', 64);

        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            store.Layers.ApplyLayerAsync(store.LeaseId, blob.Path, blob.MediaType, "", wrong, "", CancellationToken.None));

        Assert.Equal(ErrorKind.DataLoss, e.Kind);
        Assert.Empty(store.Layers.List());
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Layers));
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Links));
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_TruncatedGzip_DataLoss()
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", new byte[200_000]).File("b", "b").WriteBlob(store.Blobs);
        var bytes = File.ReadAllBytes(blob.Path);
        File.WriteAllBytes(blob.Path, bytes[..(bytes.Length / 2)]);

        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            store.Layers.ApplyLayerAsync(store.LeaseId, blob.Path, blob.MediaType, "", blob.DiffId, "", CancellationToken.None));

        Assert.Equal(ErrorKind.DataLoss, e.Kind);
        Assert.Empty(store.Layers.List());
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_GarbageThatHashesRight_InvalidArgument()
    {
        await using var store = await TempStore.CreateAsync();
        var garbage = Encoding.ASCII.GetBytes(new string('x', 2048));
        var path = store.PutBlob(garbage);
        var diffId = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(garbage));

        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            store.Layers.ApplyLayerAsync(store.LeaseId, path, "application/vnd.oci.image.layer.v1.tar", "", diffId, "", CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        File.Delete(path);
        store.AssertTmpEmpty();
    }

    [Theory]
    [InlineData("relative/blob", "application/vnd.oci.image.layer.v1.tar", "sha256:0000000000000000000000000000000000000000000000000000000000000000", ErrorKind.InvalidArgument)]
    [InlineData("/nonexistent/blob", "application/vnd.oci.image.config.v1+json", "sha256:0000000000000000000000000000000000000000000000000000000000000000", ErrorKind.InvalidArgument)]
    [InlineData("/nonexistent/blob", "application/vnd.oci.image.layer.v1.tar", "md5:abc", ErrorKind.InvalidArgument)]
    [InlineData("/nonexistent/blob", "application/vnd.oci.image.layer.v1.tar", "sha256:0000000000000000000000000000000000000000000000000000000000000000", ErrorKind.InvalidArgument)]
    public async Task ApplyLayer_BadRequest_ClearErrorKind(string path, string mediaType, string diffId, ErrorKind expected)
    {
        await using var store = await TempStore.CreateAsync();
        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            store.Layers.ApplyLayerAsync(store.LeaseId, path, mediaType, "", diffId, "", CancellationToken.None));
        Assert.Equal(expected, e.Kind);
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_UnknownParent_NotFound()
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Blobs);
        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            store.Layers.ApplyLayerAsync(store.LeaseId, blob.Path, blob.MediaType, "sha256:" + new string('1', 64), blob.DiffId, "", CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task ApplyLayer_SameLayerConcurrently_OneUnpackBothSucceed()
    {
        await using var store = await TempStore.CreateAsync();
        var tar = new LayerTar();
        for (var i = 0; i < 200; i++)
        {
            tar.File($"f{i}", new byte[10_000]);
        }
        var blob = tar.WriteBlob(store.Blobs);

        var calls = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            store.Layers.ApplyLayerAsync(store.LeaseId, blob.Path, blob.MediaType, "", blob.DiffId, "", CancellationToken.None))).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Single(results, r => !r.Existed);
        Assert.Single(results.Select(r => r.Layer.ChainId).Distinct());
        Assert.Single(store.Layers.List());
        Assert.Single(Directory.EnumerateFileSystemEntries(store.Catalog.Layout.Links));
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_Again_ReturnsExisted()
    {
        await using var store = await TempStore.CreateAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(store.Blobs);
        var first = await store.Layers.ApplyLayerAsync(store.LeaseId, blob.Path, blob.MediaType, "", blob.DiffId, "", CancellationToken.None);
        var second = await store.Layers.ApplyLayerAsync(store.LeaseId, blob.Path, blob.MediaType, "", blob.DiffId, "", CancellationToken.None);
        Assert.False(first.Existed);
        Assert.True(second.Existed);
        Assert.Equal(first.Layer, second.Layer);
        Assert.Equal(first.Layer, store.Layers.Get(first.Layer.ChainId));
    }

    [Fact]
    public async Task ApplyLayer_ChildLayer_HasOciChainId()
    {
        await using var store = await TempStore.CreateAsync();
        var baseLayer = await store.ApplyAsync(new LayerTar().File("a", "a"));
        var blob = new LayerTar().File("b", "b").WriteBlob(store.Blobs);
        var (child, _) = await store.Layers.ApplyLayerAsync(store.LeaseId, blob.Path, blob.MediaType, baseLayer.ChainId, blob.DiffId, "", CancellationToken.None);

        var expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            Encoding.ASCII.GetBytes(baseLayer.ChainId + " " + blob.DiffId)));
        Assert.Equal(expected, child.ChainId);
        Assert.Equal(baseLayer.ChainId, child.ParentChainId);
        Assert.Equal(baseLayer.DiffId, baseLayer.ChainId);
    }
}
