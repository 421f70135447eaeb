using System.Text.Json.Nodes;
using CriMesh.Testing;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;

namespace CriMesh.IntegrationTests.Testkit;

public sealed class MultiArchTests
{
    [Theory]
    [InlineData(ManifestFormat.Oci)]
    [InlineData(ManifestFormat.Docker)]
    public async Task PushAsync_Index_SkopeoCopyWithOverrideArchPicksThatImage(ManifestFormat format)
    {
        var index = TestImages.MultiArch(format);
        await using var registry = await new RegistryServer().StartAsync();
        using var pusher = new RegistryPusher(registry);
        var digest = await pusher.PushAsync("test/multi", index, "v1");
        var arm64 = index.For(Platform.LinuxArm64);
        using var dir = new TempDir();

        var copy = await Skopeo.CopyToDirAsync(registry.Reference("test/multi", "v1"), dir.Combine("arm64"), extraArguments: ["--override-arch", "arm64"]);

        Assert.True(copy.ExitCode == 0, copy.Stderr);
        Assert.Equal(index.Digest, digest);
        Assert.Equal(arm64.Manifest.Data, File.ReadAllBytes(dir.Combine("arm64", "manifest.json")));
        var layer = arm64.Layers[0];
        var tar = Compression.Decompress(File.ReadAllBytes(dir.Combine("arm64", Digests.Hex(layer.Blob.Digest))), layer.Compression);
        Assert.Equal(layer.DiffId, Digests.Sha256(tar));
        var raw = await Skopeo.InspectAsync(registry.Reference("test/multi", "v1"), raw: true);
        Assert.Equal(MediaTypes.Index(format), (string?)raw["mediaType"]);
        Assert.Equal(3, raw["manifests"]!.AsArray().Count);
    }

    [Fact]
    public async Task WriteOciLayout_ImageAndIndex_SkopeoReadsThem()
    {
        var image = TestImages.MultiLayer();
        var index = TestImages.MultiArch();
        using var dir = new TempDir();
        image.WriteOciLayout(dir.Combine("image"), "v1");
        index.WriteOciLayout(dir.Combine("index"), "v1");

        var single = await Skopeo.RunAsync(["inspect", "oci:" + dir.Combine("image") + ":v1"]);
        var multi = await Skopeo.RunAsync(["--override-arch", "arm64", "inspect", "oci:" + dir.Combine("index") + ":v1"]);

        Assert.True(single.ExitCode == 0, single.Stderr);
        Assert.True(multi.ExitCode == 0, multi.Stderr);
        Assert.Equal(image.Layers.Select(l => l.Blob.Digest), JsonNode.Parse(single.Stdout)!["Layers"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(index.For(Platform.LinuxArm64).Layers.Select(l => l.Blob.Digest), JsonNode.Parse(multi.Stdout)!["Layers"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task PushAsync_IndexByDigest_ArmV7ResolvesWithVariant()
    {
        var index = TestImages.MultiArch();
        await using var registry = await new RegistryServer().StartAsync();
        using var pusher = new RegistryPusher(registry);
        await pusher.PushAsync("test/multi", index, tag: null);

        var inspect = await Skopeo.RunAsync(["--override-arch", "arm", "--override-variant", "v7", "inspect", "--no-tags", "--tls-verify=false", "--no-creds",
            "docker://" + registry.Host + "/test/multi@" + index.Digest]);

        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        var json = JsonNode.Parse(inspect.Stdout)!;
        // skopeo reports the digest it was asked for (the index's); the layers tell which image it chose.
        Assert.Equal(index.Digest, (string?)json["Digest"]);
        Assert.Equal(index.For(Platform.LinuxArmV7).Layers.Select(l => l.Blob.Digest), json["Layers"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("arm", (string?)json["Architecture"]);
    }
}
