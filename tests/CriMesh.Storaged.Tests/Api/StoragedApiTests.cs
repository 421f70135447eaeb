using CriMesh.Common.Errors;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Rootfs;
using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Api;

/// <summary>The real daemon process over its Unix socket: the calls imaged and the gateway make.</summary>
public sealed class StoragedApiTests
{
    [Fact]
    public async Task Api_PullRunRemoveCollect_WholeLifecycle()
    {
        await using var daemon = await StoragedProcess.StartAsync();
        var client = daemon.Client;
        var lease = await daemon.LeaseAsync();
        var lower = await daemon.ApplyAsync(new LayerTar().Dir("etc").File("etc/os-release", "ID=test\n").File("etc/old", "x"), lease: lease);
        var upper = await daemon.ApplyAsync(new LayerTar().Whiteout("etc/old").File("bin/app", "app"), lower.ChainId, lease);
        await client.CommitLeaseAsync(new CommitLeaseRequest { LeaseId = lease, ImageId = "sha256:img", TopChainId = upper.ChainId });
        await client.CommitLeaseAsync(new CommitLeaseRequest { LeaseId = lease, ImageId = "sha256:img", TopChainId = upper.ChainId });

        var prepared = await client.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = "ctr1", ImageId = "sha256:img", Mount = true, Labels = { ["pod"] = "p1" } });
        Assert.Equal("overlay", prepared.Mount.Type);
        Assert.True(MountTable.IsMountPoint(prepared.MountPoint));
        Assert.Equal("ID=test\n", File.ReadAllText(Path.Combine(prepared.MountPoint, "etc/os-release")));
        Assert.False(File.Exists(Path.Combine(prepared.MountPoint, "etc/old")));
        File.WriteAllText(Path.Combine(prepared.MountPoint, "scratch"), "data");

        var listed = Assert.Single((await client.ListRootfsAsync(new ListRootfsRequest())).Filesystems);
        Assert.True(listed.Mounted);
        Assert.Equal("p1", listed.Labels["pod"]);
        var usage = await client.RootfsUsageAsync(new RootfsUsageRequest { ContainerId = "ctr1" });
        Assert.True(usage.InodesUsed >= 2);
        var layers = (await client.ListLayersAsync(new ListLayersRequest())).Layers;
        Assert.Equal(2, layers.Count);
        Assert.All(layers, l => Assert.Equal(2, l.References));
        var info = await client.ImageFsInfoAsync(new ImageFsInfoRequest());
        Assert.Equal(MountTable.MountPointOf(daemon.StoreRoot), info.Mountpoint);
        Assert.Equal(layers.Sum(l => l.Size), info.Usage.UsedBytes);
        Assert.True(info.CapacityBytes > info.AvailableBytes);
        Assert.True(info.StoreBytes >= info.Usage.UsedBytes);

        var busy = await Assert.ThrowsAsync<CriMeshException>(() => client.ReleaseImageAsync(new ReleaseImageRequest { ImageId = "sha256:img" }).ResponseAsync);
        Assert.Equal(ErrorKind.FailedPrecondition, busy.Kind);

        await client.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = "ctr1" });
        await client.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = "ctr1" });
        Assert.False(MountTable.IsMountPoint(prepared.MountPoint));
        await client.ReleaseImageAsync(new ReleaseImageRequest { ImageId = "sha256:img" });
        var dry = await client.GarbageCollectAsync(new GarbageCollectRequest { DryRun = true });
        Assert.Equal(2, dry.RemovedChainIds.Count);
        var gc = await client.GarbageCollectAsync(new GarbageCollectRequest());
        Assert.Equal(dry.RemovedChainIds.Order(), gc.RemovedChainIds.Order());
        Assert.Empty((await client.ListLayersAsync(new ListLayersRequest())).Layers);
        var gone = await Assert.ThrowsAsync<CriMeshException>(() => client.GetLayerAsync(new GetLayerRequest { ChainId = lower.ChainId }).ResponseAsync);
        Assert.Equal(ErrorKind.NotFound, gone.Kind);
    }

    [Fact]
    public async Task Api_ApplyLayerWrongDiffId_DataLossAndNothingLeft()
    {
        await using var daemon = await StoragedProcess.StartAsync();
        var blob = new LayerTar().File("a", "a").WriteBlob(daemon.Blobs);
        var lease = await daemon.LeaseAsync();
        var e = await Assert.ThrowsAsync<CriMeshException>(() => daemon.Client.ApplyLayerAsync(new ApplyLayerRequest
        {
            LeaseId = lease,
            BlobPath = blob.Path,
            MediaType = blob.MediaType,
            DiffId = "sha256:" + new string('f', 64),
        }).ResponseAsync);
        Assert.Equal(ErrorKind.DataLoss, e.Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Layout.Layers));
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Layout.Tmp));
    }

    [Fact]
    public async Task Api_BadRequests_ClearStatus()
    {
        await using var daemon = await StoragedProcess.StartAsync();
        var client = daemon.Client;
        var cases = new (Func<Task> Call, ErrorKind Kind)[]
        {
            (() => client.ApplyLayerAsync(new ApplyLayerRequest { BlobPath = "x", MediaType = "m", DiffId = "d" }).ResponseAsync, ErrorKind.InvalidArgument),
            (() => client.GetLayerAsync(new GetLayerRequest { ChainId = "sha256:" + new string('a', 64) }).ResponseAsync, ErrorKind.NotFound),
            (() => client.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = "c", ImageId = "nope" }).ResponseAsync, ErrorKind.NotFound),
            (() => client.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = "../x", ImageId = "nope" }).ResponseAsync, ErrorKind.InvalidArgument),
            (() => client.RootfsUsageAsync(new RootfsUsageRequest { ContainerId = "c" }).ResponseAsync, ErrorKind.NotFound),
            (() => client.RetainImageAsync(new RetainImageRequest { ImageId = "i", TopChainId = "sha256:" + new string('a', 64) }).ResponseAsync, ErrorKind.NotFound),
            (() => client.CreateLeaseAsync(new CreateLeaseRequest { ExpiryMillis = -1 }).ResponseAsync, ErrorKind.InvalidArgument),
            (() => client.CommitLeaseAsync(new CommitLeaseRequest { LeaseId = new string('a', 32), ImageId = "i", TopChainId = "sha256:" + new string('a', 64) }).ResponseAsync, ErrorKind.NotFound),
            (() => client.DeleteLeaseAsync(new DeleteLeaseRequest { LeaseId = "../../leases/x" }).ResponseAsync, ErrorKind.InvalidArgument),
            (() => client.ApplyLayerAsync(new ApplyLayerRequest { LeaseId = new string('a', 32), BlobPath = "/etc/passwd", MediaType = "application/x-tar", DiffId = "sha256:" + new string('a', 64) }).ResponseAsync, ErrorKind.InvalidArgument),
        };
        foreach (var (call, kind) in cases)
        {
            var e = await Assert.ThrowsAsync<CriMeshException>(call);
            Assert.Equal(kind, e.Kind);
        }
        await client.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = "never-existed" });
        await client.ReleaseImageAsync(new ReleaseImageRequest { ImageId = "never-retained" });
    }

    [Fact]
    public async Task Api_KilledMidExtract_RestartLeavesNoPartialLayer()
    {
        await using var daemon = await StoragedProcess.StartAsync();
        var tar = new LayerTar();
        var random = new Random(7);
        for (var i = 0; i < 400; i++)
        {
            var data = new byte[512 * 1024];
            random.NextBytes(data);
            tar.File($"big/{i:D4}", data);
        }
        var blob = tar.WriteBlob(daemon.Blobs);
        var lease = await daemon.LeaseAsync();
        var apply = daemon.Client.ApplyLayerAsync(new ApplyLayerRequest { LeaseId = lease, BlobPath = blob.Path, MediaType = blob.MediaType, DiffId = blob.DiffId }).ResponseAsync;

        // Wait (bounded) until the unpack is visibly under way in tmp/, then SIGKILL the daemon.
        var sawPartial = false;
        for (var i = 0; i < 1000 && !apply.IsCompleted; i++)
        {
            var partial = Directory.EnumerateDirectories(daemon.Layout.Tmp, "layer-*").FirstOrDefault();
            if (partial is not null && Directory.Exists(Path.Combine(partial, "diff", "big"))
                && Directory.EnumerateFiles(Path.Combine(partial, "diff", "big")).Take(5).Count() == 5)
            {
                sawPartial = true;
                break;
            }
            await Task.Delay(5);
        }
        Assert.True(sawPartial, "the unpack finished before it could be interrupted");
        await daemon.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => apply);
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(daemon.Layout.Tmp));
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Layout.Layers));

        await daemon.RestartAsync();

        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Layout.Tmp));
        Assert.Empty((await daemon.Client.ListLayersAsync(new ListLayersRequest())).Layers);
        var again = await daemon.Client.ApplyLayerAsync(new ApplyLayerRequest { LeaseId = lease, BlobPath = blob.Path, MediaType = blob.MediaType, DiffId = blob.DiffId });
        Assert.False(again.Existed);
        Assert.Equal(400, Directory.EnumerateFiles(Path.Combine(daemon.Layout.LayerDiff(again.Layer.ChainId), "big")).Count());
    }

    [Fact]
    public async Task Api_KilledWithMountedRootfs_RestartKeepsItMounted()
    {
        await using var daemon = await StoragedProcess.StartAsync();
        var layer = await daemon.ApplyAsync(new LayerTar().File("a", "a"));
        await daemon.Client.RetainImageAsync(new RetainImageRequest { ImageId = "img", TopChainId = layer.ChainId });
        var prepared = await daemon.Client.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = "c1", ImageId = "img", Mount = true });

        await daemon.KillAsync();
        Assert.True(MountTable.IsMountPoint(prepared.MountPoint));
        await daemon.RestartAsync();

        var listed = Assert.Single((await daemon.Client.ListRootfsAsync(new ListRootfsRequest())).Filesystems);
        Assert.True(listed.Mounted);
        Assert.Equal("a", File.ReadAllText(Path.Combine(prepared.MountPoint, "a")));
        await daemon.Client.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = "c1" });
        Assert.False(MountTable.IsMountPoint(prepared.MountPoint));
    }
}
