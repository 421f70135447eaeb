using CriMesh.Common.Grpc;
using CriMesh.Imaged.Pull;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;
using Grpc.Core;
using ImagedClient = CriMesh.Protos.Imaged.V1.Imaged.ImagedClient;
using StoragedClient = CriMesh.Protos.Storaged.V1.Storaged.StoragedClient;

namespace CriMesh.Imaged.Tests.Pull;

/// <summary>
/// imaged (a real process) SIGKILLed at each step of a pull, storaged (a real process) keeping on: the dead
/// pull's lease holds its layers until it expires, then GC takes them all; a retry of the pull succeeds and
/// its committed image keeps every layer. Needs a test build (-p:CrimeshFailpoints=true) to hold the pull.
/// </summary>
public sealed class LeaseKillTests
{
    private const string ShortLease = "pull_lease_expiry = \"3s\"";

    [Theory]
    [InlineData(PullStep.BeforeFirstLayer)]
    [InlineData(PullStep.MidLayers)]
    [InlineData(PullStep.AfterLastLayer)]
    [InlineData(PullStep.BeforeCommit)]
    public async Task PullImage_ImagedKilledAtStep_LeaseExpiresLeavingNothingAndRetrySucceeds(string step)
    {
        Assert.True(PullStep.Compiled, "imaged is built without CRIMESH_FAILPOINTS: build with -p:CrimeshFailpoints=true (tools/test.sh does)");
        await using var registry = await new RegistryServer().StartAsync();
        var image = TestImages.MultiLayer();
        using (var push = new RegistryPusher(registry))
        {
            await push.PushAsync("multi", image, "latest");
        }
        await using var node = new DaemonNode($"""
            [imaged]
            insecure_registries = ["{registry.Host}"]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            auth_file = "/nonexistent/auth.json"
            {ShortLease}

            [storaged]
            gc_interval = "0s"
            """);
        var pauses = node.Dir.CreateSubdirectory("pauses");
        await node.StartAsync("storaged");
        await node.StartAsync("imaged", new Dictionary<string, string?> { ["CRIMESH_PULL_PAUSE"] = step, ["CRIMESH_PULL_PAUSE_DIR"] = pauses });
        using var storagedChannel = UnixChannel.Create(node.SocketPath("storaged"));
        var storaged = new StoragedClient(storagedChannel);
        var reference = registry.Reference("multi", "latest");

        using (var channel = UnixChannel.Create(node.SocketPath("imaged")))
        {
            var pull = new ImagedClient(channel).PullImageAsync(new PullImageRequest { Image = reference }).ResponseAsync;
            var marker = Path.Combine(pauses, step);
            for (var i = 0; i < 2400 && !File.Exists(marker) && !pull.IsCompleted; i++)
            {
                await Task.Delay(50);
            }
            Assert.True(File.Exists(marker), $"imaged never reached pull step {step}; the pull ended: {pull.IsCompleted} {pull.Exception?.InnerException?.Message}");
            await node.StopAsync("imaged", signal: 9);
            await Assert.ThrowsAsync<RpcException>(() => pull);
        }
        var applied = (await storaged.ListLayersAsync(new ListLayersRequest())).Layers.Count;
        Assert.Equal(step == PullStep.BeforeFirstLayer ? 0 : step == PullStep.MidLayers ? 1 : image.Layers.Count, applied);

        // Once the dead pull's lease has expired, GC leaves no layer behind (bounded wait).
        for (var i = 0; i < 60 && (await storaged.ListLayersAsync(new ListLayersRequest())).Layers.Count > 0; i++)
        {
            await Task.Delay(500);
            await storaged.GarbageCollectAsync(new GarbageCollectRequest());
        }
        Assert.Empty((await storaged.ListLayersAsync(new ListLayersRequest())).Layers);

        // The retry (no pause, a long lease) succeeds, and its committed image keeps every layer through GC.
        File.WriteAllText(node.ConfigPath, File.ReadAllText(node.ConfigPath).Replace(ShortLease, "pull_lease_expiry = \"10m\"", StringComparison.Ordinal));
        await node.StartAsync("imaged", new Dictionary<string, string?> { ["CRIMESH_PULL_PAUSE"] = null });
        using (var channel = UnixChannel.Create(node.SocketPath("imaged")))
        {
            var client = new ImagedClient(channel);
            Assert.Empty((await client.ListImagesAsync(new ListImagesRequest())).Images);
            var pulled = await client.PullImageAsync(new PullImageRequest { Image = reference });
            Assert.Equal(image.ConfigDigest, pulled.ImageRef);
        }
        await storaged.GarbageCollectAsync(new GarbageCollectRequest());
        Assert.Equal(image.Layers.Count, (await storaged.ListLayersAsync(new ListLayersRequest())).Layers.Count);
        var rootfs = await storaged.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = "c1", ImageId = image.ConfigDigest });
        Assert.Equal(image.Layers.Count, rootfs.Mount.Options.Single(o => o.StartsWith("lowerdir=", StringComparison.Ordinal)).Split(':').Length);
        await storaged.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = "c1" });
    }
}
