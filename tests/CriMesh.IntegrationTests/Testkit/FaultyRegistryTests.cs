using System.Net;
using System.Net.Http.Headers;
using CriMesh.Testing;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;

namespace CriMesh.IntegrationTests.Testkit;

public sealed class FaultyRegistryTests
{
    [Fact]
    public async Task AddImage_SkopeoCopy_Succeeds()
    {
        var image = TestImages.MultiLayer();
        await using var faulty = await FaultyRegistry.StartAsync();
        faulty.AddImage("test/ok", image, "v1");

        await RegistryServerTests.AssertSkopeoSeesAsync(faulty.Reference("test/ok", "v1"), image, null);
    }

    [Fact]
    public async Task SetBlob_BytesNotMatchingDigest_SkopeoCopyFails()
    {
        var image = TestImages.Busybox();
        var layer = image.Layers[0].Blob;
        await using var faulty = await FaultyRegistry.StartAsync();
        faulty.AddImage("test/bad", image, "v1");
        var corrupt = (byte[])layer.Data.Clone();
        corrupt[corrupt.Length / 2] ^= 0xFF;
        faulty.SetBlob("test/bad", layer.Digest, FaultyResponse.Blob(corrupt, layer.Digest));
        using var dir = new TempDir();

        var copy = await Skopeo.CopyToDirAsync(faulty.Reference("test/bad", "v1"), dir.Combine("out"));

        Assert.NotEqual(0, copy.ExitCode);
        Assert.Contains("digest", copy.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.True(faulty.RequestCount(FaultyRegistry.BlobPath("test/bad", layer.Digest), "GET") >= 1);
    }

    [Fact]
    public async Task Ok_RangeRequest_Answers206WithSlice()
    {
        var data = SeededRandomStream.Bytes(1000, 7);
        await using var faulty = await FaultyRegistry.StartAsync();
        var digest = faulty.AddBlob("r", data);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(faulty.BaseUri, FaultyRegistry.BlobPath("r", digest)));
        request.Headers.Range = new RangeHeaderValue(600, null);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(data[600..], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes 600-999/1000", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Ok_RangePastEnd_Answers416()
    {
        await using var faulty = await FaultyRegistry.StartAsync();
        var digest = faulty.AddBlob("r", new byte[10]);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(faulty.BaseUri, FaultyRegistry.BlobPath("r", digest)));
        request.Headers.Range = new RangeHeaderValue(10, null);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Fact]
    public async Task Truncated_ClientReadingBody_Throws()
    {
        await using var faulty = await FaultyRegistry.StartAsync();
        faulty.Set("/v2/t/blobs/sha256:x", FaultyResponse.Truncated(new byte[100], declaredLength: 1000));
        using var http = new HttpClient();

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetByteArrayAsync(new Uri(faulty.BaseUri, "/v2/t/blobs/sha256:x")));
    }

    [Fact]
    public async Task DropAfterThenOk_ResumeWithRange_GetsWholeBlob()
    {
        var data = SeededRandomStream.Bytes(64 * 1024, 3);
        await using var faulty = await FaultyRegistry.StartAsync();
        const string path = "/v2/d/blobs/sha256:y";
        faulty.Set(path, FaultyResponse.Sequence(FaultyResponse.DropAfter(data, 10_000), FaultyResponse.Ok(data)));
        using var http = new HttpClient();
        var uri = new Uri(faulty.BaseUri, path);

        var received = new MemoryStream();
        var failed = false;
        try
        {
            using var first = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
            await (await first.Content.ReadAsStreamAsync()).CopyToAsync(received);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The drop may hit before the headers or mid-body; either way the client must resume.
            failed = true;
        }
        Assert.True(failed);
        Assert.True(received.Length <= 10_000);
        using var resume = new HttpRequestMessage(HttpMethod.Get, uri);
        resume.Headers.Range = new RangeHeaderValue(received.Length, null);
        using var second = await http.SendAsync(resume);
        await (await second.Content.ReadAsStreamAsync()).CopyToAsync(received);

        Assert.Equal(HttpStatusCode.PartialContent, second.StatusCode);
        Assert.Equal(data, received.ToArray());
        Assert.Equal(2, faulty.RequestCount(path));
    }

    [Fact]
    public async Task Hang_ClientGivesUpAfterServerSawRequest_DisposeReturns()
    {
        const string path = "/v2/h/manifests/latest";
        var faulty = await FaultyRegistry.StartAsync();
        try
        {
            faulty.Set(path, FaultyResponse.Hang());
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var giveUp = new CancellationTokenSource();
            var request = http.GetAsync(new Uri(faulty.BaseUri, path), giveUp.Token);

            for (var i = 0; i < 400 && faulty.RequestCount(path) == 0; i++)
            {
                await Task.Delay(25);
            }
            Assert.False(request.IsCompleted);
            Assert.Equal(1, faulty.RequestCount(path));
            await giveUp.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        }
        finally
        {
            await faulty.DisposeAsync();
        }
    }

    [Fact]
    public async Task AddBlob_Head_HeadersWithoutBody()
    {
        await using var faulty = await FaultyRegistry.StartAsync();
        var digest = faulty.AddBlob("h", new byte[123]);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(faulty.BaseUri, FaultyRegistry.BlobPath("h", digest)));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(123, response.Content.Headers.ContentLength);
        Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, faulty.RequestCount(FaultyRegistry.BlobPath("h", digest), "HEAD"));
    }

    [Fact]
    public async Task Trickle_WholeBodyArrivesInPieces()
    {
        var data = SeededRandomStream.Bytes(5000, 11);
        await using var faulty = await FaultyRegistry.StartAsync();
        faulty.Set("/v2/s/blobs/sha256:z", FaultyResponse.Trickle(data, 1000, TimeSpan.FromMilliseconds(20)));
        using var http = new HttpClient();

        var received = await http.GetByteArrayAsync(new Uri(faulty.BaseUri, "/v2/s/blobs/sha256:z"));

        Assert.Equal(data, received);
    }

    [Fact]
    public async Task SetManifest_HostileMediaType_SkopeoRefuses()
    {
        var image = TestImages.Busybox();
        await using var faulty = await FaultyRegistry.StartAsync();
        faulty.AddImage("m", image, "v1");
        faulty.SetManifest("m", "v1", FaultyResponse.Manifest("<html>not a manifest</html>"u8.ToArray(), "text/html"));

        var inspect = await Skopeo.RunAsync(["inspect", "--no-tags", "--tls-verify=false", "--no-creds", "docker://" + faulty.Reference("m", "v1")]);

        Assert.NotEqual(0, inspect.ExitCode);
    }

    [Fact]
    public async Task UnknownPath_Answers404WithDistributionError()
    {
        await using var faulty = await FaultyRegistry.StartAsync();
        using var http = new HttpClient();

        using var ping = await http.GetAsync(new Uri(faulty.BaseUri, "/v2/"));
        using var missing = await http.GetAsync(new Uri(faulty.BaseUri, "/v2/x/manifests/latest"));

        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("MANIFEST_UNKNOWN", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
