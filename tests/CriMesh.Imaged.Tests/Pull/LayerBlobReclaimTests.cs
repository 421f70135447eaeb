using CriMesh.Common.Grpc;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using ImagedClient = CriMesh.Protos.Imaged.V1.Imaged.ImagedClient;
using StoragedClient = CriMesh.Protos.Storaged.V1.Storaged.StoragedClient;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>
/// Disk used once: with imaged and storaged as real processes and a real registry, a committed image keeps
/// no compressed layer blob (storaged holds the layers unpacked), pulls of images sharing a layer still
/// unpack, alone or at once, keep_layer_blobs keeps them, and stale partial downloads are collected.
/// </summary>
public sealed class LayerBlobReclaimTests
{
    private static readonly TestImage Base = TestImages.MultiLayer();

    /// <summary>An image whose first layer is byte for byte the first layer of <see cref="Base"/>.</summary>
    private static readonly TestImage Sharing = new TestImageBuilder()
        .AddCompressedLayer(Base.Layers[0].Tar, Base.Layers[0].Blob.Data, Base.Layers[0].Compression, diffId: Base.Layers[0].DiffId)
        .AddLayer(tar => tar.AddFile("sharing/marker", "sharing\n"u8.ToArray()))
        .Build();

    [Fact]
    public async Task PullImage_Committed_LayerBlobsDroppedAndASharingImageStillUnpacks()
    {
        await using var env = await Env.StartAsync("");
        await env.PullAsync("base");
        Assert.All(Base.Layers, l => Assert.False(File.Exists(env.BlobPath(l.Blob.Digest)), $"layer blob {l.Blob.Digest} kept"));
        Assert.True(File.Exists(env.BlobPath(Base.ConfigDigest)));

        var sharing = await env.PullAsync("sharing");

        Assert.All(Sharing.Layers, l => Assert.False(File.Exists(env.BlobPath(l.Blob.Digest))));
        await env.AssertMountsAsync(sharing, "sharing/marker");
        // With the base image gone from imaged and its layers collected in storaged, the shared layer is
        // downloaded again by a new pull of the base image.
        await env.Imaged.RemoveImageAsync(new RemoveImageRequest { Image = Base.ConfigDigest });
        await env.Imaged.RemoveImageAsync(new RemoveImageRequest { Image = sharing });
        await env.Storaged.GarbageCollectAsync(new GarbageCollectRequest());
        var again = await env.PullAsync("base");
        await env.AssertMountsAsync(again, "");
    }

    [Fact]
    public async Task PullImage_TwoImagesSharingALayerAtOnce_BothUnpack()
    {
        await using var env = await Env.StartAsync("");
        var pulls = await Task.WhenAll(env.PullAsync("base"), env.PullAsync("sharing"));

        await env.AssertMountsAsync(pulls[1], "sharing/marker");
        await env.AssertMountsAsync(pulls[0], "");
        var third = await env.PullAsync("sharing");
        Assert.Equal(pulls[1], third);
        Assert.All(Base.Layers.Concat(Sharing.Layers), l => Assert.False(File.Exists(env.BlobPath(l.Blob.Digest))));
    }

    [Fact]
    public async Task PullImage_KeepLayerBlobs_BlobsStay()
    {
        await using var env = await Env.StartAsync("keep_layer_blobs = true");
        await env.PullAsync("base");
        Assert.All(Base.Layers, l => Assert.True(File.Exists(env.BlobPath(l.Blob.Digest))));
    }

    [Fact]
    public async Task Start_StalePartialDownload_CollectedFreshOneKept()
    {
        await using var env = await Env.StartAsync("ingest_max_age = \"1h\"", beforeImaged: node =>
        {
            var ingest = Path.Combine(node.StateDir, "imaged", "ingest");
            Directory.CreateDirectory(ingest);
            var stale = Path.Combine(ingest, "sha256-" + new string('a', 64) + ".partial");
            File.WriteAllBytes(stale, new byte[157]);
            File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
            File.WriteAllBytes(Path.Combine(ingest, "sha256-" + new string('b', 64) + ".partial"), new byte[157]);
        });
        var ingest = Path.Combine(env.Node.StateDir, "imaged", "ingest");
        for (var i = 0; i < 300 && File.Exists(Path.Combine(ingest, "sha256-" + new string('a', 64) + ".partial")); i++)
        {
            await Task.Delay(100);
        }
        Assert.Equal(new[] { "sha256-" + new string('b', 64) + ".partial" }, Directory.EnumerateFiles(ingest).Select(f => Path.GetFileName(f)!).ToArray());
    }

    private sealed class Env : IAsyncDisposable
    {
        private RegistryServer _registry = null!;
        private Grpc.Net.Client.GrpcChannel? _imagedChannel;
        private Grpc.Net.Client.GrpcChannel? _storagedChannel;

        public DaemonNode Node { get; private set; } = null!;

        public ImagedClient Imaged { get; private set; } = null!;

        public StoragedClient Storaged { get; private set; } = null!;

        public static async Task<Env> StartAsync(string imagedKeys, Action<DaemonNode>? beforeImaged = null)
        {
            var env = new Env();
            try
            {
                env._registry = await new RegistryServer().StartAsync();
                using (var push = new RegistryPusher(env._registry))
                {
                    await push.PushAsync("base", Base, "latest");
                    await push.PushAsync("sharing", Sharing, "latest");
                }
                env.Node = new DaemonNode($"""
                    [imaged]
                    insecure_registries = ["{env._registry.Host}"]
                    registries_conf = "/nonexistent/registries.conf"
                    registries_conf_dir = "/nonexistent/registries.conf.d"
                    auth_file = "/nonexistent/auth.json"
                    {imagedKeys}
                    """);
                await env.Node.StartAsync("storaged");
                beforeImaged?.Invoke(env.Node);
                await env.Node.StartAsync("imaged");
                env._imagedChannel = UnixChannel.Create(env.Node.SocketPath("imaged"));
                env._storagedChannel = UnixChannel.Create(env.Node.SocketPath("storaged"));
                env.Imaged = new ImagedClient(env._imagedChannel);
                env.Storaged = new StoragedClient(env._storagedChannel);
                return env;
            }
            catch
            {
                await env.DisposeAsync();
                throw;
            }
        }

        public string BlobPath(string digest) => Path.Combine(Node.StateDir, "imaged", "blobs", "sha256", digest["sha256:".Length..]);

        /// <summary>Pulls <paramref name="name"/>:latest; returns the image ID.</summary>
        public async Task<string> PullAsync(string name)
        {
            var pulled = await Imaged.PullImageAsync(new PullImageRequest { Image = _registry.Reference(name, "latest") },
                deadline: DateTime.UtcNow.AddMinutes(2));
            Assert.True(pulled.Image.Unpacked);
            return pulled.ImageRef;
        }

        /// <summary>A container filesystem of the image mounts, shows <paramref name="file"/> (when given) and is removed.</summary>
        public async Task AssertMountsAsync(string imageId, string file)
        {
            var id = "c-" + Guid.NewGuid().ToString("N")[..8];
            var rootfs = await Storaged.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = id, ImageId = imageId, Mount = true });
            try
            {
                Assert.NotEmpty(Directory.EnumerateFileSystemEntries(rootfs.MountPoint));
                if (file.Length > 0)
                {
                    Assert.True(File.Exists(Path.Combine(rootfs.MountPoint, file)), $"{file} missing in the rootfs of {imageId}");
                }
            }
            finally
            {
                await Storaged.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = id });
            }
        }

        public async ValueTask DisposeAsync()
        {
            _imagedChannel?.Dispose();
            _storagedChannel?.Dispose();
            if (Node is not null)
            {
                await Node.DisposeAsync();
            }
            if (_registry is not null)
            {
                await _registry.DisposeAsync();
            }
        }
    }
}
