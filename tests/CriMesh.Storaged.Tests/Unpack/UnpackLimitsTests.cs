using System.Security.Cryptography;
using CriMesh.Common.Errors;
using CriMesh.Storaged.Options;
using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Unpack;

/// <summary>The entry cap and the bounded read after end-of-archive, on an in-process store.</summary>
public sealed class UnpackLimitsTests
{
    [Fact]
    public async Task ApplyLayer_MoreEntriesThanTheCap_ResourceExhaustedNothingLeft()
    {
        await using var store = await TempStore.CreateAsync(new StoragedOptions { MaxLayerEntries = 10 });
        var tar = new LayerTar();
        for (var i = 0; i < 20; i++)
        {
            tar.File($"f{i}", "x");
        }
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.ApplyAsync(tar));

        Assert.Equal(ErrorKind.ResourceExhausted, e.Kind);
        Assert.Contains("more than 10 entries or inodes", e.Message, StringComparison.Ordinal);
        store.AssertTmpEmpty();
        Assert.Empty(store.Layers.List());
    }

    [Fact]
    public async Task ApplyLayer_OneEntryCreatingManyParentDirs_CountsTheirInodes()
    {
        await using var store = await TempStore.CreateAsync(new StoragedOptions { MaxLayerEntries = 10 });
        var deep = string.Join('/', Enumerable.Range(0, 30).Select(i => $"d{i}")) + "/f";
        var e = await Assert.ThrowsAsync<CriMeshException>(() => store.ApplyAsync(new LayerTar().File(deep, "x")));

        Assert.Equal(ErrorKind.ResourceExhausted, e.Kind);
        store.AssertTmpEmpty();
    }

    [Theory]
    [InlineData(10 * 1024, true)]
    [InlineData((1 << 20) + 1, false)]
    public async Task ApplyLayer_BytesAfterEndOfArchive_ReadOnlyUpToTheBound(int trailing, bool accepted)
    {
        await using var store = await TempStore.CreateAsync();
        var tar = new LayerTar().File("a", "a").Build();
        var blob = tar.Concat(new byte[trailing]).ToArray();
        var digest = Convert.ToHexStringLower(SHA256.HashData(blob));
        Directory.CreateDirectory(Path.Combine(store.Blobs, "sha256"));
        await File.WriteAllBytesAsync(Path.Combine(store.Blobs, "sha256", digest), blob);
        var apply = () => store.Layers.ApplyLayerAsync(
            store.LeaseId, "", "application/vnd.oci.image.layer.v1.tar", "", "sha256:" + digest, "sha256:" + digest, CancellationToken.None);

        if (accepted)
        {
            await apply();
            return;
        }
        var e = await Assert.ThrowsAsync<CriMeshException>(apply);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("after its end-of-archive marker", e.Message, StringComparison.Ordinal);
        store.AssertTmpEmpty();
        Assert.Empty(store.Layers.List());
    }
}
