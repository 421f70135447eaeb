using System.Text;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using Grpc.Core;
using MediaTypes = CriMesh.Imaged.Manifests.MediaTypes;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>Pulls from a registry stub that misbehaves: wrong bytes, short bodies, drops, hangs, hostile manifests.</summary>
public sealed class FaultyPullTests : IAsyncLifetime
{
    private FaultyRegistry _registry = null!;
    private ImagedHost _host = null!;

    public async Task InitializeAsync()
    {
        _registry = await FaultyRegistry.StartAsync();
        _host = await ImagedHost.StartAsync($"insecure_registries = [\"{_registry.Host}\"]\nregistry_read_timeout = \"2s\"");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _registry.DisposeAsync();
    }

    private Task<PullImageResponse> PullAsync(string repoTag, DateTime? deadline = null) =>
        _host.Client.PullImageAsync(new PullImageRequest { Image = $"{_registry.Host}/{repoTag}" }, deadline: deadline).ResponseAsync;

    private async Task<RpcException> PullFailsAsync(string repoTag, DateTime? deadline = null) =>
        await Assert.ThrowsAsync<RpcException>(() => PullAsync(repoTag, deadline));

    /// <summary>No image visible, no blob of <paramref name="image"/>'s layers committed, nothing but resumable partials.</summary>
    private async Task AssertNothingLeftAsync(TestImage image, bool partialsAllowed = false)
    {
        Assert.Empty((await _host.Client.ListImagesAsync(new ListImagesRequest())).Images);
        foreach (var layer in image.Layers)
        {
            Assert.False(File.Exists(Path.Combine(_host.StoreDir, "blobs", "sha256", layer.Blob.Digest[7..])), $"blob {layer.Blob.Digest} was left");
        }
        if (!partialsAllowed)
        {
            Assert.Empty(Directory.GetFiles(Path.Combine(_host.StoreDir, "ingest")));
        }
    }

    [Fact]
    public async Task PullImage_BlobBytesDoNotMatchDigest_IsDataLossNamingBlobAndLeavesNothing()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("bad", image);
        var layer = image.Layers[0].Blob;
        var wrong = layer.Data.ToArray();
        wrong[wrong.Length / 2] ^= 0x55;
        _registry.SetBlob("bad", layer.Digest, FaultyResponse.Blob(wrong, layer.Digest));
        var e = await PullFailsAsync("bad:latest");
        Assert.Equal(StatusCode.DataLoss, e.StatusCode);
        Assert.Contains(layer.Digest, e.Status.Detail, StringComparison.Ordinal);
        await AssertNothingLeftAsync(image);
    }

    [Fact]
    public async Task PullImage_DiffIdDoesNotMatchLayer_IsDataLossNamingBlobAndLeavesNothing()
    {
        var image = new TestImageBuilder()
            .AddLayer(t => t.AddBusybox())
            .MutateConfig(c => c["rootfs"]!["diff_ids"]![0] = "sha256:" + new string('0', 64))
            .Build();
        _registry.AddImage("baddiff", image);
        var e = await PullFailsAsync("baddiff:latest");
        Assert.Equal(StatusCode.DataLoss, e.StatusCode);
        Assert.Contains(image.Layers[0].Blob.Digest, e.Status.Detail, StringComparison.Ordinal);
        await AssertNothingLeftAsync(image);
    }

    [Fact]
    public async Task PullImage_BlobShorterThanManifestSays_IsDataLoss()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("short", image);
        var layer = image.Layers[0].Blob;
        _registry.SetBlob("short", layer.Digest, FaultyResponse.Blob(layer.Data[..(layer.Data.Length / 2)], layer.Digest));
        var e = await PullFailsAsync("short:latest");
        Assert.Equal(StatusCode.DataLoss, e.StatusCode);
        Assert.Contains("truncated", e.Status.Detail, StringComparison.Ordinal);
        await AssertNothingLeftAsync(image);
    }

    [Fact]
    public async Task PullImage_BodyCutShortEveryTime_IsUnavailableAndNothingVisible()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("cut", image);
        var layer = image.Layers[0].Blob;
        _registry.SetBlob("cut", layer.Digest, FaultyResponse.Truncated(layer.Data[..1000], layer.Size));
        var e = await PullFailsAsync("cut:latest");
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains(layer.Digest, e.Status.Detail, StringComparison.Ordinal);
        await AssertNothingLeftAsync(image, partialsAllowed: true);
    }

    [Fact]
    public async Task PullImage_RegistryDropsMidBlob_IsUnavailableAndNothingVisible()
    {
        var image = TestImages.MultiLayer();
        _registry.AddImage("drop", image);
        var layer = image.Layers[0].Blob;
        _registry.SetBlob("drop", layer.Digest, FaultyResponse.DropAfter(layer.Data, layer.Size / 3));
        var e = await PullFailsAsync("drop:latest");
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        await AssertNothingLeftAsync(image, partialsAllowed: true);
    }

    [Fact]
    public async Task PullImage_DropThenRetry_ResumesWithRange()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("resume", image);
        var layer = image.Layers[0].Blob;
        _registry.SetBlob("resume", layer.Digest, FaultyResponse.Sequence(
            FaultyResponse.DropAfter(layer.Data, layer.Size / 2),
            FaultyResponse.Blob(layer.Data, layer.Digest)));
        var pulled = await PullAsync("resume:latest");
        Assert.Equal(image.ConfigDigest, pulled.ImageRef);
        var requests = _registry.Requests.Where(r => r.Path == FaultyRegistry.BlobPath("resume", layer.Digest)).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Range);
        Assert.StartsWith("bytes=", requests[1].Range, StringComparison.Ordinal);
        Assert.NotEqual("bytes=0-", requests[1].Range);
    }

    [Fact]
    public async Task PullImage_InterruptedByRestart_ResumesPartialBlob()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("restart", image);
        var layer = image.Layers[0].Blob;
        var path = FaultyRegistry.BlobPath("restart", layer.Digest);
        _registry.SetBlob("restart", layer.Digest, FaultyResponse.Sequence(
            FaultyResponse.DropAfter(layer.Data, layer.Size / 2),
            FaultyResponse.Hang()));
        var e = await PullFailsAsync("restart:latest", DateTime.UtcNow.AddSeconds(1.5));
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        var partial = Assert.Single(Directory.GetFiles(Path.Combine(_host.StoreDir, "ingest")));
        Assert.True(new FileInfo(partial).Length > 0);

        await _host.StopAsync();
        _registry.SetBlob("restart", layer.Digest, FaultyResponse.Blob(layer.Data, layer.Digest));
        _registry.ResetCounters();
        _host = await ImagedHost.StartAsync($"insecure_registries = [\"{_registry.Host}\"]", dir: _host.Dir);
        var pulled = await PullAsync("restart:latest");
        Assert.Equal(image.ConfigDigest, pulled.ImageRef);
        var request = Assert.Single(_registry.Requests, r => r.Path == path);
        Assert.StartsWith("bytes=", request.Range, StringComparison.Ordinal);
        Assert.NotEqual("bytes=0-", request.Range);
        Assert.Empty(Directory.GetFiles(Path.Combine(_host.StoreDir, "ingest")));
    }

    [Fact]
    public async Task PullImage_BlobHangsAfterHeaders_HonoursDeadlinePromptly()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("hang", image);
        _registry.SetBlob("hang", image.Layers[0].Blob.Digest, FaultyResponse.Hang(afterHeaders: true));
        var e = await PullFailsAsync("hang:latest", DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        await AssertNothingLeftAsync(image, partialsAllowed: true);
    }

    [Fact]
    public async Task PullImage_ManifestHangs_NoDeadline_FailsAfterReadTimeout()
    {
        _registry.SetManifest("stuck", "latest", FaultyResponse.Hang());
        var e = await PullFailsAsync("stuck:latest");
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("did not answer", e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/vnd.oci.image.manifest.v1+json/../../../etc/passwd")]
    [InlineData("../../../../etc/shadow")]
    public async Task PullImage_ManifestWithTraversalMediaType_IsInvalidArgument(string mediaType)
    {
        var image = new TestImageBuilder().AddLayer(t => t.AddBusybox())
            .MutateManifest(m => m["layers"]![0]!["mediaType"] = mediaType).Build();
        _registry.AddImage("hostile", image);
        var e = await PullFailsAsync("hostile:latest");
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("media type", e.Status.Detail, StringComparison.Ordinal);
        await AssertNothingLeftAsync(image);
    }

    [Fact]
    public async Task PullImage_ManifestWithHostileUrl_IsInvalidArgument()
    {
        var image = new TestImageBuilder().AddLayer(t => t.AddBusybox())
            .MutateManifest(m => m["layers"]![0]!["urls"] = new System.Text.Json.Nodes.JsonArray("file:///etc/passwd")).Build();
        _registry.AddImage("hostileurl", image);
        var e = await PullFailsAsync("hostileurl:latest");
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("url", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullImage_ManifestContentTypeWrong_IsInvalidArgument()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("ctype", image);
        var body = image.ManifestJson();
        body.Remove("mediaType");
        _registry.SetManifest("ctype", "latest", FaultyResponse.Manifest(Encoding.UTF8.GetBytes(body.ToJsonString()), "text/html"));
        var e = await PullFailsAsync("ctype:latest");
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("text/html", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullImage_ManifestContentTypeTraversal_IsNeverUsed()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("ctrav", image);
        _registry.SetManifest("ctrav", "latest", FaultyResponse.Manifest(image.Manifest.Data, "application/vnd.oci.image.manifest.v1+json/../../../x"));
        var pulled = await PullAsync("ctrav:latest");
        Assert.Equal(MediaTypes.OciManifest, pulled.Image.ManifestMediaType);
        Assert.DoesNotContain(Directory.GetFiles(_host.Dir, "*", SearchOption.AllDirectories), f => f.EndsWith("/x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PullImage_Schema1_IsUnimplementedSayingUnsupported()
    {
        var body = Encoding.UTF8.GetBytes("{\"schemaVersion\": 1, \"name\": \"old\", \"tag\": \"latest\", \"fsLayers\": [], \"history\": []}");
        _registry.AddManifest("old", "latest", body, "application/vnd.docker.distribution.manifest.v1+prettyjws");
        var e = await PullFailsAsync("old:latest");
        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        Assert.Contains("schema1", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullImage_ManifestByDigestWithOtherBytes_IsDataLoss()
    {
        var image = TestImages.Busybox();
        var other = TestImages.MultiLayer();
        _registry.AddImage("swap", image);
        _registry.SetManifest("swap", image.Digest, FaultyResponse.Manifest(other.Manifest.Data, other.Manifest.MediaType, image.Digest));
        var e = await PullFailsAsync($"swap@{image.Digest}");
        Assert.Equal(StatusCode.DataLoss, e.StatusCode);
    }

    [Fact]
    public async Task PullImage_LayerAlreadyPresent_IsNotFetchedAgain()
    {
        var first = TestImages.Busybox();
        var second = TestImages.MultiLayer();
        Assert.Equal(first.Layers[0].Blob.Digest, second.Layers[0].Blob.Digest);
        _registry.AddImage("first", first);
        _registry.AddImage("second", second);
        await PullAsync("first:latest");
        await PullAsync("second:latest");
        Assert.Equal(0, _registry.RequestCount(FaultyRegistry.BlobPath("second", first.Layers[0].Blob.Digest)));
        Assert.Equal(1, _registry.RequestCount(FaultyRegistry.BlobPath("second", second.Layers[1].Blob.Digest)));
    }

    [Fact]
    public async Task PullImage_ConcurrentPullsOfSlowImage_ShareOneDownload()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("slow", image);
        var layer = image.Layers[0].Blob;
        _registry.SetBlob("slow", layer.Digest, FaultyResponse.Trickle(layer.Data, layer.Data.Length / 8 + 1, TimeSpan.FromMilliseconds(100)));
        var pulls = Enumerable.Range(0, 3).Select(_ => PullAsync("slow:latest")).ToList();
        var results = await Task.WhenAll(pulls);
        Assert.All(results, r => Assert.Equal(image.ConfigDigest, r.ImageRef));
        Assert.Equal(1, _registry.RequestCount(FaultyRegistry.BlobPath("slow", layer.Digest)));
    }

    [Fact]
    public async Task PullImage_OneOfTwoSharedPullsCancelled_OtherCompletes()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("share", image);
        var layer = image.Layers[0].Blob;
        _registry.SetBlob("share", layer.Digest, FaultyResponse.Trickle(layer.Data, layer.Data.Length / 10 + 1, TimeSpan.FromMilliseconds(100)));
        var patient = PullAsync("share:latest");
        var e = await PullFailsAsync("share:latest", DateTime.UtcNow.AddMilliseconds(300));
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.Equal(image.ConfigDigest, (await patient).ImageRef);
        Assert.Equal(1, _registry.RequestCount(FaultyRegistry.BlobPath("share", layer.Digest)));
    }

    [Fact]
    public async Task PullImage_BlobRedirected_FollowsToTheNewLocation()
    {
        var image = TestImages.Busybox();
        _registry.AddImage("moved", image);
        var layer = image.Layers[0].Blob;
        _registry.Set("/storage/layer", FaultyResponse.Blob(layer.Data, layer.Digest));
        _registry.SetBlob("moved", layer.Digest, FaultyResponse.Status(307,
            headers: new Dictionary<string, string> { ["Location"] = $"http://{_registry.Host}/storage/layer?signature=abc" }));
        var pulled = await PullAsync("moved:latest");
        Assert.Equal(image.ConfigDigest, pulled.ImageRef);
        Assert.Equal(1, _registry.RequestCount("/storage/layer"));
    }
}
