using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Rootfs;
using CriMesh.Storaged.Tests.Support;
using CriMesh.Testing.Images;

namespace CriMesh.Storaged.Tests.Rootfs;

/// <summary>The testkit's reference images, unpacked and mounted as a container would see them.</summary>
public sealed class TestImageRootfsTests
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    [Theory]
    [InlineData(ManifestFormat.Oci)]
    [InlineData(ManifestFormat.Docker)]
    public async Task Prepare_MultiLayerImage_MergedViewAsDocumented(ManifestFormat format)
    {
        await using var store = await TempStore.CreateAsync();
        await store.ImageAsync("multi", TestImages.MultiLayer(format));

        var mount = await store.Rootfs.PrepareAsync("c1", "multi", mount: true, NoLabels, CancellationToken.None);
        string At(string p) => Path.Combine(mount.MountPoint, p);

        Assert.False(File.Exists(At("etc/motd")));
        Assert.Equal(new[] { "c" }, Directory.EnumerateFileSystemEntries(At("opt/data")).Select(p => Path.GetFileName(p)!).ToArray());
        Assert.Equal("a\n", File.ReadAllText(At("opt/hard")));
        Assert.Equal("2\n", File.ReadAllText(At("etc/layer2")));
        Assert.Equal("data/a", new FileInfo(At("opt/link")).LinkTarget);
        var secret = TempStore.Stat(At("opt/secret"));
        Assert.Equal((1000u, 1000u, 0x180), (secret.Uid, secret.Gid, secret.Mode & 0xFFF));
        Assert.True(File.Exists(At("bin/busybox")));
        Assert.Contains("root:", File.ReadAllText(At("etc/passwd")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_ManyLayersImage_HundredLayersMount()
    {
        await using var store = await TempStore.CreateAsync();
        var image = TestImages.ManyLayers(100);
        await store.ImageAsync("many", image);

        var mount = await store.Rootfs.PrepareAsync("c1", "many", mount: true, NoLabels, CancellationToken.None);

        Assert.True(MountTable.IsMountPoint(mount.MountPoint));
        Assert.Equal(99, Directory.EnumerateFiles(Path.Combine(mount.MountPoint, "layers")).Count());
        Assert.Equal("57\n", File.ReadAllText(Path.Combine(mount.MountPoint, "layers/57")));
        Assert.True(File.Exists(Path.Combine(mount.MountPoint, "bin/busybox")));
        Assert.Equal(100, store.Catalog.Rootfs["c1"].Chain.Count);
    }
}
