using System.Text.Json.Nodes;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using Grpc.Core;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>
/// Manifests with values no image has (schemaVersion not a small integer, absurd sizes): InvalidArgument
/// naming the manifest and the field, never Internal, and the pull leaves nothing behind.
/// </summary>
public sealed class HostileManifestPullTests : IAsyncLifetime
{
    private FaultyRegistry _registry = null!;
    private ImagedHost _host = null!;

    public async Task InitializeAsync()
    {
        _registry = await FaultyRegistry.StartAsync();
        _host = await ImagedHost.StartAsync($"insecure_registries = [\"{_registry.Host}\"]");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _registry.DisposeAsync();
    }

    public static TheoryData<string, string> SchemaVersions => new()
    {
        { "huge", "1e10" },
        { "fraction", "2.5" },
        { "string", "\"2\"" },
        { "three", "3" },
        { "negative", "-2" },
    };

    [Theory]
    [MemberData(nameof(SchemaVersions))]
    public async Task PullImage_SchemaVersionNotTwo_IsInvalidArgumentNamingTheField(string name, string value)
    {
        var image = new TestImageBuilder().AddLayer(t => t.AddFile("f", "x\n"))
            .MutateManifest(m => m["schemaVersion"] = JsonNode.Parse(value)).Build();
        var e = await PullFailsAsync("sv-" + name, image);
        Assert.Contains("schemaVersion", e.Status.Detail, StringComparison.Ordinal);
        await AssertNothingLeftAsync(image);
    }

    [Theory]
    [InlineData("layers", 1L << 62)]
    [InlineData("layers", long.MaxValue)]
    [InlineData("config", 1L << 40)]
    public async Task PullImage_AbsurdSize_IsInvalidArgumentNamingBlobAndField(string field, long size)
    {
        var image = new TestImageBuilder().AddLayer(t => t.AddFile("f", "x\n")).AddLayer(t => t.AddFile("g", "y\n"))
            .MutateManifest(m =>
            {
                var descriptor = field == "config" ? m["config"]! : m["layers"]![0]!;
                descriptor["size"] = size;
            }).Build();
        var e = await PullFailsAsync($"size-{field}-{size}", image);
        var digest = field == "config" ? image.ConfigDigest : image.Layers[0].Blob.Digest;
        Assert.Contains(field, e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(digest, e.Status.Detail, StringComparison.Ordinal);
        await AssertNothingLeftAsync(image);
    }

    private async Task<RpcException> PullFailsAsync(string repository, TestImage image)
    {
        _registry.AddImage(repository, image);
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await _host.Client.PullImageAsync(new PullImageRequest { Image = _registry.Reference(repository, "latest") }));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(repository, e.Status.Detail, StringComparison.Ordinal);
        return e;
    }

    private async Task AssertNothingLeftAsync(TestImage image)
    {
        Assert.Empty((await _host.Client.ListImagesAsync(new ListImagesRequest())).Images);
        Assert.Empty(Directory.GetFiles(Path.Combine(_host.StoreDir, "ingest")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_host.StoreDir, "blobs", "sha256")));
        Assert.True(image.Layers.Count > 0);
    }
}
