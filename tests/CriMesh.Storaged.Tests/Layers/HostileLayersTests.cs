using System.Security.Cryptography;
using CriMesh.Common.Errors;
using CriMesh.Storaged.Tests.Support;
using CriMesh.Testing.Images;

namespace CriMesh.Storaged.Tests.Layers;

/// <summary>The testkit's hostile layer presets: each is refused or confined, and nothing outside the store changes.</summary>
public sealed class HostileLayersTests
{
    public static TheoryData<string> Attacks() =>
    [
        "PathTraversal", "EmbeddedTraversal", "AbsolutePath", "SymlinkWriteThrough", "RelativeSymlinkWriteThrough",
        "DirectoryReplacedBySymlink", "HardLinkOutside", "HardLinkTraversal", "HardLinkViaSymlink", "WhiteoutTraversal",
        "DuplicateEntries", "Truncated", "CorruptHeader",
    ];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task ApplyLayer_HostilePreset_NothingOutsideChanges(string attack)
    {
        await using var store = await TempStore.CreateAsync();
        var target = Path.Combine(store.Outside, "escaped");
        var tar = attack switch
        {
            "PathTraversal" => HostileLayers.PathTraversal(target),
            "EmbeddedTraversal" => HostileLayers.EmbeddedTraversal(target),
            "AbsolutePath" => HostileLayers.AbsolutePath(target),
            "SymlinkWriteThrough" => HostileLayers.SymlinkWriteThrough(target),
            "RelativeSymlinkWriteThrough" => HostileLayers.RelativeSymlinkWriteThrough(target),
            "DirectoryReplacedBySymlink" => HostileLayers.DirectoryReplacedBySymlink(target),
            "HardLinkOutside" => HostileLayers.HardLinkOutside(store.Canary),
            "HardLinkTraversal" => HostileLayers.HardLinkTraversal(store.Canary),
            "HardLinkViaSymlink" => HostileLayers.HardLinkViaSymlink(store.Canary),
            "WhiteoutTraversal" => HostileLayers.WhiteoutTraversal(target),
            "DuplicateEntries" => HostileLayers.DuplicateEntries(),
            "Truncated" => HostileLayers.Truncated(),
            "CorruptHeader" => HostileLayers.CorruptHeader(),
            _ => throw new ArgumentException(attack),
        };
        var path = store.PutBlob(tar);
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar));

        try
        {
            var (layer, _) = await store.Layers.ApplyLayerAsync(store.LeaseId, path, "application/vnd.oci.image.layer.v1.tar", "", diffId, "", CancellationToken.None);
            // Confined: whatever the layer wrote is below its own directory.
            Assert.True(Directory.Exists(store.Catalog.Layout.LayerDiff(layer.ChainId)));
        }
        catch (CriMeshException e)
        {
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
            Assert.Empty(store.Layers.List());
        }

        Assert.False(File.Exists(target));
        store.AssertOutsideUntouched();
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_DuplicateEntries_LastOneWins()
    {
        await using var store = await TempStore.CreateAsync();
        var tar = HostileLayers.DuplicateEntries();
        var path = store.PutBlob(tar);
        var (layer, _) = await store.Layers.ApplyLayerAsync(store.LeaseId, path, "application/vnd.oci.image.layer.v1.tar", "",
            "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar)), "", CancellationToken.None);
        Assert.Equal("2", File.ReadAllText(Path.Combine(store.Catalog.Layout.LayerDiff(layer.ChainId), "x")));
    }
}
