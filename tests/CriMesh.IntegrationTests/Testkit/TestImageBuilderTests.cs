using System.Diagnostics;
using System.Text.Json.Nodes;
using CriMesh.Testing.Images;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Testkit;

public sealed class TestImageBuilderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ManifestFormat.Oci)]
    [InlineData(ManifestFormat.Docker)]
    public void MultiLayer_Built_DiffIdsDigestsAndMediaTypesConsistent(ManifestFormat format)
    {
        var image = TestImages.MultiLayer(format);

        var manifest = image.ManifestJson();
        var config = image.ConfigJson();
        Assert.Equal(MediaTypes.Manifest(format), (string?)manifest["mediaType"]);
        Assert.Equal(image.Config.Digest, (string?)manifest["config"]!["digest"]);
        Assert.Equal(image.Config.Size, (long)manifest["config"]!["size"]!);
        Assert.Equal(3, image.Layers.Count);
        for (var i = 0; i < image.Layers.Count; i++)
        {
            var layer = image.Layers[i];
            var descriptor = manifest["layers"]![i]!;
            Assert.Equal(layer.Blob.Digest, (string?)descriptor["digest"]);
            Assert.Equal(Digests.Sha256(layer.Blob.Data), layer.Blob.Digest);
            Assert.Equal(MediaTypes.Layer(format, layer.Compression), (string?)descriptor["mediaType"]);
            Assert.Equal(layer.DiffId, Digests.Sha256(Compression.Decompress(layer.Blob.Data, layer.Compression)));
            Assert.Equal(layer.DiffId, (string?)config["rootfs"]!["diff_ids"]![i]);
        }
        Assert.Equal("1000:1000", (string?)config["config"]!["User"]);
        Assert.Equal(Platform.Host.Architecture, (string?)config["architecture"]);
        Assert.Equal(3, config["history"]!.AsArray().Count);
    }

    [Fact]
    public void Build_DockerFormatWithZstd_Throws()
    {
        var builder = new TestImageBuilder().WithFormat(ManifestFormat.Docker).AddLayer(t => t.AddFile("a", "b"), LayerCompression.Zstd);

        Assert.Throws<ArgumentException>(() => builder.Build());
    }

    [Fact]
    public void Build_SameInputs_SameDigest()
    {
        static TestImage Build() => new TestImageBuilder().WithUser("5").AddLayer(t => t.AddFile("a", "b")).Build();

        Assert.Equal(Build().Digest, Build().Digest);
        Assert.NotEqual(Build().Digest, new TestImageBuilder().WithUser("6").AddLayer(t => t.AddFile("a", "b")).Build().Digest);
    }

    [Fact]
    public void MutateConfig_WrongDiffId_EndsUpInConfigBlob()
    {
        var image = new TestImageBuilder()
            .AddLayer(t => t.AddFile("a", "b"))
            .MutateConfig(c => c["rootfs"]!["diff_ids"]![0] = "sha256:" + new string('0', 64))
            .MutateManifest(m => m["layers"]![0]!["urls"] = new JsonArray("http://example.invalid/blob"))
            .Build();

        Assert.Equal("sha256:" + new string('0', 64), (string?)image.ConfigJson()["rootfs"]!["diff_ids"]![0]);
        Assert.Equal(image.Config.Digest, (string?)image.ManifestJson()["config"]!["digest"]);
        Assert.NotNull(image.ManifestJson()["layers"]![0]!["urls"]);
    }

    [Fact]
    public void AddEmptyLayerHistory_BetweenLayers_HistoryInterleavedAndMarked()
    {
        var image = new TestImageBuilder()
            .AddLayer(t => t.AddFile("a", "1"), createdBy: "ADD a")
            .AddEmptyLayerHistory("ENV X=1")
            .AddLayer(t => t.AddFile("b", "2"), createdBy: "ADD b")
            .WithVolume("/data")
            .Build();

        var history = image.ConfigJson()["history"]!.AsArray();
        Assert.Equal(["ADD a", "ENV X=1", "ADD b"], history.Select(h => (string?)h!["created_by"]));
        Assert.Equal([false, true, false], history.Select(h => (bool?)h!["empty_layer"] ?? false));
        Assert.NotNull(image.ConfigJson()["config"]!["Volumes"]!["/data"]);
    }

    [Fact]
    public async Task LongRunning_EntrypointUnderBusybox_ExitsZeroOnSigterm()
    {
        var image = TestImages.LongRunning();
        using var dir = new CriMesh.Testing.TempDir();
        File.WriteAllBytes(dir.Combine("l.tar"), image.Layers[0].Tar);
        Directory.CreateDirectory(dir.Combine("root"));
        CriMesh.Testing.ChildProcess.Run("tar", ["-xf", dir.Combine("l.tar"), "-C", dir.Combine("root")], TimeSpan.FromSeconds(30));
        var entrypoint = image.ConfigJson()["config"]!["Entrypoint"]!.AsArray().Select(n => (string)n!).ToArray();
        Assert.Null(image.ConfigJson()["config"]!["Cmd"]);

        await using var process = CriMesh.Testing.ChildProcess.Start(dir.Combine("root", "bin", "sh"), entrypoint[1..],
            new Dictionary<string, string?> { ["PATH"] = dir.Combine("root", "bin") });
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(process.HasExited, process.Describe());
        process.Signal(15);

        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void ManyLayers_Hundred_HasHundredDistinctLayers()
    {
        var image = TestImages.ManyLayers(100);

        Assert.Equal(100, image.Layers.Count);
        Assert.Equal(100, image.DiffIds.Distinct().Count());
    }

    [Fact]
    public void Large_Default_SizeAndLayerCount()
    {
        var clock = Stopwatch.StartNew();
        var image = TestImages.Large();
        output.WriteLine($"TestImages.Large() built in {clock.ElapsedMilliseconds} ms: {image.CompressedSize} bytes compressed, {image.UncompressedSize} uncompressed, digest {image.Digest}");

        Assert.Equal(8, image.Layers.Count);
        Assert.InRange(image.UncompressedSize, 64L << 20, (64L << 20) + (4L << 20));
        Assert.True(image.CompressedSize > 60L << 20, "random data must not compress");
    }
}
