using System.Text.Json.Nodes;
using CriMesh.Testing;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Testkit;

public sealed class RegistryServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PushAsync_PlainRegistry_SkopeoSeesManifestConfigAndLayers()
    {
        var image = TestImages.MultiLayer();
        await using var registry = await new RegistryServer().StartAsync();
        using var pusher = new RegistryPusher(registry);

        var digest = await pusher.PushAsync("test/multilayer", image, "v1");

        Assert.Equal(image.Digest, digest);
        await AssertSkopeoSeesAsync(registry.Reference("test/multilayer", "v1"), image, null);
    }

    [Fact]
    public async Task PushAsync_HtpasswdRegistry_NeedsCredentials()
    {
        var image = TestImages.MultiLayer(ManifestFormat.Docker);
        var creds = new RegistryCredentials("alice", "correct horse");
        await using var registry = await new RegistryServer().WithHtpasswd(creds.User, creds.Password).StartAsync();
        using var pusher = new RegistryPusher(registry, creds);

        await pusher.PushAsync("test/auth", image, "v1");

        await AssertSkopeoSeesAsync(registry.Reference("test/auth", "v1"), image, creds);
        var anonymous = await Skopeo.RunAsync(["inspect", "--tls-verify=false", "--no-creds", "docker://" + registry.Reference("test/auth", "v1")]);
        Assert.NotEqual(0, anonymous.ExitCode);
        var wrong = await Skopeo.RunAsync(["inspect", "--tls-verify=false", "--creds", "alice:wrong", "docker://" + registry.Reference("test/auth", "v1")]);
        Assert.NotEqual(0, wrong.ExitCode);
    }

    [Fact]
    public async Task AuthJson_Written_SkopeoAuthenticatesWithIt()
    {
        var creds = new RegistryCredentials("carol", "pw");
        await using var registry = await new RegistryServer().WithHtpasswd(creds.User, creds.Password).StartAsync();
        using (var pusher = new RegistryPusher(registry, creds))
        {
            await pusher.PushAsync("test/authfile", TestImages.Busybox());
        }
        using var dir = new TempDir();
        AuthJson.Write(dir.Combine("auth.json"), (registry.Host, creds));

        var inspect = await Skopeo.RunAsync(["inspect", "--tls-verify=false", "--authfile", dir.Combine("auth.json"), "docker://" + registry.Reference("test/authfile", "latest")]);

        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
    }

    [Fact]
    public async Task WithTls_SkopeoTrustsOnlyWithTheTestCa()
    {
        await using var registry = await new RegistryServer().WithTls().StartAsync();
        using (var pusher = new RegistryPusher(registry))
        {
            await pusher.PushAsync("test/tls", TestImages.Busybox());
        }
        using var certDir = new TempDir();
        File.Copy(registry.Certificates!.CaPath, certDir.Combine("ca.crt"));
        var reference = "docker://" + registry.Reference("test/tls", "latest");

        var trusted = await Skopeo.RunAsync(["inspect", "--no-creds", "--cert-dir", certDir.Path, reference]);
        var untrusted = await Skopeo.RunAsync(["inspect", "--no-creds", reference]);

        Assert.StartsWith("https://", registry.BaseUri.ToString(), StringComparison.Ordinal);
        Assert.True(trusted.ExitCode == 0, trusted.Stderr);
        Assert.NotEqual(0, untrusted.ExitCode);
        Assert.Contains("certificate", untrusted.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithTls_PusherWithoutTheCa_Fails()
    {
        await using var registry = await new RegistryServer().WithTls().StartAsync();
        using var pusher = new RegistryPusher(registry.BaseUri);

        await Assert.ThrowsAsync<HttpRequestException>(() => pusher.PushAsync("test/tls", TestImages.Busybox()));
    }

    [Fact]
    public async Task PushAsync_HtpasswdRegistryWithoutCredentials_Throws()
    {
        await using var registry = await new RegistryServer().WithHtpasswd("alice", "pw").StartAsync();
        using var pusher = new RegistryPusher(registry);

        await Assert.ThrowsAsync<HttpRequestException>(() => pusher.PushAsync("test/x", TestImages.Busybox()));
    }

    [Fact]
    public async Task DisposeAsync_RunningRegistry_KillsProcessAndDeletesData()
    {
        var registry = await new RegistryServer().StartAsync();
        var pid = registry.Process.Pid;
        var data = registry.DataDirectory;
        Assert.True(Directory.Exists(data));

        await registry.DisposeAsync();

        Assert.False(Directory.Exists(data));
        Assert.False(Directory.Exists($"/proc/{pid}"));
    }

    [Fact]
    public async Task PushAsync_ConcurrentPushesOfSharedLayers_AllImagesComplete()
    {
        await using var registry = await new RegistryServer().StartAsync();
        using var pusher = new RegistryPusher(registry);
        var images = new[] { TestImages.Busybox(), TestImages.MultiLayer(), TestImages.MultiLayer(ManifestFormat.Docker) };

        var digests = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => pusher.PushAsync($"test/c{i % 2}", images[i % 3], $"t{i}")));

        Assert.Equal(Enumerable.Range(0, 6).Select(i => images[i % 3].Digest), digests);
        for (var i = 0; i < 6; i++)
        {
            var manifest = await pusher.GetManifestAsync($"test/c{i % 2}", $"t{i}");
            Assert.Equal(images[i % 3].Manifest.Data, manifest!.Data);
        }
    }

    [Fact]
    public async Task StartAsync_TwoRegistries_DifferentPortsAndStores()
    {
        await using var a = await new RegistryServer().StartAsync();
        await using var b = await new RegistryServer().StartAsync();
        using var pushA = new RegistryPusher(a);
        using var pushB = new RegistryPusher(b);

        await pushA.PushAsync("only/a", TestImages.Busybox());

        Assert.NotEqual(a.Port, b.Port);
        Assert.NotNull(await pushA.GetManifestAsync("only/a", "latest"));
        Assert.Null(await pushB.GetManifestAsync("only/a", "latest"));
    }

    [Fact]
    public async Task BlobFilePath_CorruptedOnDisk_SkopeoCopyFails()
    {
        var image = TestImages.Busybox();
        await using var registry = await new RegistryServer().StartAsync();
        using var pusher = new RegistryPusher(registry);
        await pusher.PushAsync("test/rot", image);
        var path = registry.BlobFilePath(image.Layers[0].Blob.Digest);
        var bytes = File.ReadAllBytes(path);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        using var dir = new TempDir();

        var copy = await Skopeo.CopyToDirAsync(registry.Reference("test/rot", "latest"), dir.Combine("out"));

        Assert.NotEqual(0, copy.ExitCode);
    }

    [Fact]
    public async Task PushAsync_LargeImage_SkopeoCopiesEveryLayerIntact()
    {
        var image = TestImages.Large();
        await using var registry = await new RegistryServer().StartAsync();
        using var pusher = new RegistryPusher(registry);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await pusher.PushAsync("test/large", image, "v1");
        output.WriteLine($"pushed {image.CompressedSize >> 20} MiB in {clock.ElapsedMilliseconds} ms");

        await AssertSkopeoSeesAsync(registry.Reference("test/large", "v1"), image, null);
    }

    internal static async Task AssertSkopeoSeesAsync(string reference, TestImage image, RegistryCredentials? creds)
    {
        var inspect = await Skopeo.InspectAsync(reference, creds);
        Assert.Equal(image.Digest, (string?)inspect["Digest"]);
        Assert.Equal(image.Layers.Select(l => l.Blob.Digest), inspect["Layers"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(image.Platform.Architecture, (string?)inspect["Architecture"]);

        var raw = await Skopeo.InspectAsync(reference, creds, raw: true);
        Assert.Equal(image.Manifest.MediaType, (string?)raw["mediaType"]);

        var config = await Skopeo.InspectAsync(reference, creds, config: true);
        Assert.Equal(image.DiffIds, config["rootfs"]!["diff_ids"]!.AsArray().Select(n => (string?)n));

        using var dir = new TempDir("skopeo-copy");
        var copy = await Skopeo.CopyToDirAsync(reference, dir.Combine("out"), creds);
        Assert.True(copy.ExitCode == 0, copy.Stderr);
        foreach (var layer in image.Layers)
        {
            Assert.Equal(layer.Blob.Data, File.ReadAllBytes(dir.Combine("out", Digests.Hex(layer.Blob.Digest))));
        }
    }
}
