using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using Grpc.Core;
using KitPlatform = CriMesh.Testing.Images.Platform;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>Pulls from the real docker-registry (anonymous): formats, compressions, indexes, names.</summary>
public sealed class PullTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    private Task<ImagedHost> StartAsync(string extra = "", string registriesConf = "") =>
        ImagedHost.StartAsync(registries.InsecureKeys + "\n" + extra, registriesConf);

    [Theory]
    [InlineData("library/busybox:latest")]
    [InlineData("docker/busybox:latest")]
    [InlineData("zstd:latest")]
    public async Task PullImage_SingleLayer_StoresImageByConfigDigest(string repoTag)
    {
        await using var host = await StartAsync();
        var reference = $"{registries.Anonymous.Host}/{repoTag}";
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = reference });
        var status = await host.Client.ImageStatusAsync(new ImageStatusRequest { Image = reference, Verbose = true });
        Assert.NotNull(status.Image);
        Assert.Equal(pulled.ImageRef, status.Image.Id);
        Assert.Equal([reference], status.Image.RepoTags);
        Assert.Single(status.Image.RepoDigests);
        Assert.True(status.Image.Size > 100_000);
        Assert.Contains("\"diff_ids\"", status.Info["config"], StringComparison.Ordinal);
        var expected = repoTag.StartsWith("docker/", StringComparison.Ordinal) ? TestImages.Busybox(ManifestFormat.Docker)
            : repoTag.StartsWith("zstd", StringComparison.Ordinal) ? TestImages.Busybox(compression: LayerCompression.Zstd) : TestImages.Busybox();
        Assert.Equal(expected.ConfigDigest, pulled.ImageRef);
        Assert.Equal(expected.Digest, status.Image.ManifestDigest);
    }

    [Theory]
    [InlineData("multi:oci")]
    [InlineData("multi:docker")]
    public async Task PullImage_MultiLayerMixedCompression_VerifiesEveryLayerAndReadsUser(string repoTag)
    {
        await using var host = await StartAsync();
        var reference = $"{registries.Anonymous.Host}/{repoTag}";
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = reference });
        var image = pulled.Image;
        Assert.Equal(3, image.Layers.Count);
        Assert.True(image.HasUid);
        Assert.Equal(1000, image.Uid);
        Assert.Equal("1000:1000", image.User);
        var expected = repoTag.EndsWith("docker", StringComparison.Ordinal) ? TestImages.MultiLayer(ManifestFormat.Docker) : TestImages.MultiLayer();
        Assert.Equal(expected.DiffIds, image.Layers.Select(l => l.DiffId));
        foreach (var layer in expected.Layers)
        {
            var blob = Path.Combine(host.StoreDir, "blobs", "sha256", layer.Blob.Digest["sha256:".Length..]);
            Assert.Equal(layer.Blob.Data, await File.ReadAllBytesAsync(blob));
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(host.StoreDir, "ingest")));
    }

    [Theory]
    [InlineData("oci", ManifestFormat.Oci)]
    [InlineData("docker", ManifestFormat.Docker)]
    public async Task PullImage_MultiArchIndex_PicksHostPlatform(string tag, ManifestFormat format)
    {
        await using var host = await StartAsync();
        var reference = $"{registries.Anonymous.Host}/multiarch:{tag}";
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = reference });
        var index = TestImages.MultiArch(format);
        var mine = index.For(KitPlatform.Host);
        Assert.Equal(mine.ConfigDigest, pulled.ImageRef);
        Assert.Equal(mine.Digest, pulled.Image.ManifestDigest);
        Assert.Equal([$"{registries.Anonymous.Host}/multiarch@{index.Digest}"], pulled.Image.RepoDigests);
    }

    [Fact]
    public async Task PullImage_ByDigest_RecordsDigestButNoTag()
    {
        await using var host = await StartAsync();
        var reference = $"{registries.Anonymous.Host}/library/busybox@{registries.BusyboxDigest}";
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = reference });
        Assert.Empty(pulled.Image.RepoTags);
        Assert.Equal([reference], pulled.Image.RepoDigests);
        var status = await host.Client.ImageStatusAsync(new ImageStatusRequest { Image = reference });
        Assert.Equal(pulled.ImageRef, status.Image.Id);
    }

    [Fact]
    public async Task PullImage_ShortName_UsesSearchRegistries()
    {
        await using var host = await StartAsync(registriesConf: $"unqualified-search-registries = [\"{registries.Anonymous.Host}\"]\n");
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = "library/busybox:1.36" });
        Assert.Equal([$"{registries.Anonymous.Host}/library/busybox:1.36"], pulled.Image.RepoTags);
        var status = await host.Client.ImageStatusAsync(new ImageStatusRequest { Image = "library/busybox:1.36" });
        Assert.Equal(pulled.ImageRef, status.Image.Id);
    }

    [Fact]
    public async Task PullImage_TwoTagsOfSameImage_OneImageTwoTags_RemoveTagKeepsOther()
    {
        await using var host = await StartAsync();
        var a = $"{registries.Anonymous.Host}/library/busybox:latest";
        var b = $"{registries.Anonymous.Host}/library/busybox:1.36";
        var pa = await host.Client.PullImageAsync(new PullImageRequest { Image = a });
        var pb = await host.Client.PullImageAsync(new PullImageRequest { Image = b });
        Assert.Equal(pa.ImageRef, pb.ImageRef);
        var list = await host.Client.ListImagesAsync(new ListImagesRequest());
        var image = Assert.Single(list.Images);
        Assert.Equal([b, a], image.RepoTags.Order(StringComparer.Ordinal));

        var removed = await host.Client.RemoveImageAsync(new RemoveImageRequest { Image = a });
        Assert.Equal(a, removed.Untagged);
        Assert.Equal("", removed.DeletedImageId);
        Assert.Null((await host.Client.ImageStatusAsync(new ImageStatusRequest { Image = a })).Image);
        Assert.NotNull((await host.Client.ImageStatusAsync(new ImageStatusRequest { Image = b })).Image);

        removed = await host.Client.RemoveImageAsync(new RemoveImageRequest { Image = b });
        Assert.Equal(pa.ImageRef, removed.DeletedImageId);
        Assert.Empty((await host.Client.ListImagesAsync(new ListImagesRequest())).Images);
        Assert.Empty(Directory.GetFiles(Path.Combine(host.StoreDir, "blobs", "sha256")));
    }

    [Fact]
    public async Task ListImages_Filter_ByTagIdAndPrefix()
    {
        await using var host = await StartAsync();
        var busybox = await host.Client.PullImageAsync(new PullImageRequest { Image = $"{registries.Anonymous.Host}/library/busybox:latest" });
        await host.Client.PullImageAsync(new PullImageRequest { Image = $"{registries.Anonymous.Host}/multi:oci" });
        Assert.Equal(2, (await host.Client.ListImagesAsync(new ListImagesRequest())).Images.Count);
        foreach (var filter in new[] { $"{registries.Anonymous.Host}/library/busybox:latest", busybox.ImageRef, busybox.ImageRef[7..19] })
        {
            var one = await host.Client.ListImagesAsync(new ListImagesRequest { FilterImage = filter });
            Assert.Equal(busybox.ImageRef, Assert.Single(one.Images).Id);
        }
        Assert.Empty((await host.Client.ListImagesAsync(new ListImagesRequest { FilterImage = $"{registries.Anonymous.Host}/nope:1" })).Images);
    }

    [Fact]
    public async Task RemoveImage_ByDigest_DeletesImage()
    {
        await using var host = await StartAsync();
        var reference = $"{registries.Anonymous.Host}/library/busybox:latest";
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = reference });
        var removed = await host.Client.RemoveImageAsync(new RemoveImageRequest { Image = pulled.Image.RepoDigests[0] });
        Assert.Equal(pulled.ImageRef, removed.DeletedImageId);
        Assert.Null((await host.Client.ImageStatusAsync(new ImageStatusRequest { Image = reference })).Image);
    }

    [Theory]
    [InlineData("nothere:latest")]
    [InlineData("library/busybox:nosuchtag")]
    public async Task PullImage_UnknownImageOrTag_IsNotFound(string repoTag)
    {
        await using var host = await StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.PullImageAsync(new PullImageRequest { Image = $"{registries.Anonymous.Host}/{repoTag}" }));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains(repoTag.Split(':')[0], e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullImage_SameImageTwiceAtOnce_BothSucceedOneImage()
    {
        await using var host = await StartAsync();
        var reference = $"{registries.Anonymous.Host}/multi:oci";
        var pulls = Enumerable.Range(0, 4).Select(_ => host.Client.PullImageAsync(new PullImageRequest { Image = reference }).ResponseAsync).ToList();
        var results = await Task.WhenAll(pulls);
        Assert.Single(results.Select(r => r.ImageRef).Distinct());
        Assert.Single((await host.Client.ListImagesAsync(new ListImagesRequest())).Images);
    }

    [Fact]
    public async Task PullImage_AfterRestart_ImageIsStillThere()
    {
        var host = await StartAsync();
        try
        {
            var reference = $"{registries.Anonymous.Host}/library/busybox:latest";
            var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = reference });
            await host.StopAsync();
            await using var again = await ImagedHost.StartAsync(registries.InsecureKeys, dir: host.Dir);
            Assert.Equal(pulled.ImageRef, (await again.Client.ImageStatusAsync(new ImageStatusRequest { Image = reference })).Image.Id);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
