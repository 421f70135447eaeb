using System.Security.Cryptography;
using CriMesh.Common.Errors;
using CriMesh.Storaged.Tests.Support;
using CriMesh.Testing.Images;

namespace CriMesh.Storaged.Tests.Layers;

/// <summary>
/// The testkit's hostile layer presets. Each has one expected outcome, asserted exactly: refused
/// (InvalidArgument, no layer recorded) or confined (the layer is stored and what it wrote is below its own
/// directory). Either way nothing outside the store changes.
/// </summary>
public sealed class HostileLayersTests
{
    private const string Refused = "refused";
    private const string Confined = "confined";

    public static TheoryData<string, string> Attacks() => new()
    {
        { "PathTraversal", Refused },               // "../" above the root: the name is invalid
        { "EmbeddedTraversal", Refused },           // "ok/../../": the same, hidden
        { "AbsolutePath", Confined },               // "/x" is taken as "x" below the root
        // The next three: the link resolves inside the root (RESOLVE_IN_ROOT), where its target is no directory
        // of the layer, so the write through it is refused.
        { "SymlinkWriteThrough", Refused },
        { "RelativeSymlinkWriteThrough", Refused },
        { "DirectoryReplacedBySymlink", Refused },
        { "HardLinkOutside", Refused },             // the target is no file earlier in the layer
        { "HardLinkTraversal", Refused },           // the target climbs out
        { "HardLinkViaSymlink", Confined },         // links the symlink itself, never what it points at
        { "WhiteoutTraversal", Refused },           // a whiteout of ".." or one that climbs
        { "DuplicateEntries", Confined },           // last one wins
        { "Truncated", Refused },                   // not a complete tar
        { "CorruptHeader", Refused },               // bad checksum
        { "DeviceNodes", Confined },                // created inside the layer, as runtimes do for image /dev entries
        { "SetuidFile", Confined },                 // kept inside the layer with its mode (images carry su, ping, ...)
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task ApplyLayer_HostilePreset_HasItsOneOutcome_NothingOutsideChanges(string attack, string expected)
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
            "DeviceNodes" => HostileLayers.DeviceNodes(),
            "SetuidFile" => HostileLayers.SetuidFile(),
            _ => throw new ArgumentException(attack),
        };
        var outcome = await ApplyAsync(store, attack, tar);
        Assert.Equal(expected, outcome);
        Assert.False(File.Exists(target));
        store.AssertOutsideUntouched();
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_DeviceNodes_AreCreatedInsideTheLayerWithTheirNumbers()
    {
        await using var store = await TempStore.CreateAsync();
        var (layer, _) = await ApplyLayerAsync(store, "dev", HostileLayers.DeviceNodes());
        var diff = store.Catalog.Layout.LayerDiff(layer.ChainId);
        var nodes = Directory.EnumerateFileSystemEntries(diff, "*", SearchOption.AllDirectories)
            .Select(TempStore.Stat).Where(s => s.FileType is CriMesh.Linux.Interop.Libc.S_IFCHR or CriMesh.Linux.Interop.Libc.S_IFBLK).ToList();
        Assert.Equal(2, nodes.Count);
    }

    [Fact]
    public async Task ApplyLayer_SetuidFile_KeepsItsModeInsideTheLayer()
    {
        await using var store = await TempStore.CreateAsync();
        var (layer, _) = await ApplyLayerAsync(store, "suid", HostileLayers.SetuidFile());
        var st = TempStore.Stat(Path.Combine(store.Catalog.Layout.LayerDiff(layer.ChainId), "bin", "suid"));
        Assert.Equal(0x9ED, st.Mode & 0xFFF); // 04755
        Assert.Equal(0u, st.Uid);
    }

    [Theory]
    [InlineData("leaf")]
    [InlineData("dir")]
    [InlineData("path")]
    [InlineData("symlink")]
    [InlineData("hardlink")]
    public async Task ApplyLayer_NameOverKernelLimits_IsInvalidArgumentNamingTheEntry(string what)
    {
        await using var store = await TempStore.CreateAsync();
        var longName = new string('n', 256);
        var builder = new TarBuilder();
        _ = what switch
        {
            "leaf" => builder.AddFile("ok/" + longName, "x\n"),
            "dir" => builder.AddFile(longName + "/f", "x\n"),
            "path" => builder.AddFile(string.Join('/', Enumerable.Repeat(new string('p', 200), 21)), "x\n"),
            "symlink" => builder.AddSymlink("link", new string('t', 4096)),
            _ => builder.AddFile("a", "x\n").AddHardLink("b", string.Join('/', Enumerable.Repeat("..", 2100)) + "/a"),
        };
        var e = await Assert.ThrowsAsync<CriMeshException>(() => ApplyLayerAsync(store, what, builder.ToArray()));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("bytes", e.Message, StringComparison.Ordinal);
        Assert.Empty(store.Layers.List());
        store.AssertTmpEmpty();
    }

    [Fact]
    public async Task ApplyLayer_DuplicateEntries_LastOneWins()
    {
        await using var store = await TempStore.CreateAsync();
        var (layer, _) = await ApplyLayerAsync(store, "dup", HostileLayers.DuplicateEntries());
        Assert.Equal("2", File.ReadAllText(Path.Combine(store.Catalog.Layout.LayerDiff(layer.ChainId), "x")));
    }

    private static async Task<string> ApplyAsync(TempStore store, string name, byte[] tar)
    {
        try
        {
            var (layer, _) = await ApplyLayerAsync(store, name, tar);
            Assert.True(Directory.Exists(store.Catalog.Layout.LayerDiff(layer.ChainId)));
            Assert.Single(store.Layers.List());
            return Confined;
        }
        catch (CriMeshException e)
        {
            Assert.True(e.Kind == ErrorKind.InvalidArgument, $"refused with {e.Kind}, not InvalidArgument: {e.Message}");
            Assert.Empty(store.Layers.List());
            return Refused;
        }
    }

    private static async Task<(CriMesh.Storaged.Store.UnpackedLayerRecord Layer, bool Created)> ApplyLayerAsync(TempStore store, string name, byte[] tar)
    {
        _ = name;
        var path = store.PutBlob(tar);
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar));
        return await store.Layers.ApplyLayerAsync(store.LeaseId, path, "application/vnd.oci.image.layer.v1.tar", "", diffId, "", CancellationToken.None);
    }
}
