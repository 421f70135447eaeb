using System.Diagnostics;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Storaged.Mounts;
using CriMesh.Storaged.Rootfs;
using CriMesh.Storaged.Tests.Support;

namespace CriMesh.Storaged.Tests.Api;

/// <summary>
/// SIGKILL at arbitrary instants of a busy workload (unpack, retain, mount, remove, release, collect), then
/// a restart: the store must come back consistent every time and keep working.
/// </summary>
public sealed class KillAnyInstantTests
{
    [Fact]
    public async Task Restart_AfterKillAtRandomInstants_StoreConsistent()
    {
        await using var daemon = await StoragedProcess.StartAsync();
        var blobs = Enumerable.Range(0, 3).Select(i =>
        {
            var tar = new LayerTar();
            for (var f = 0; f < 60; f++)
            {
                tar.File($"l{i}/f{f}", new byte[16 * 1024 + f]);
            }
            return tar.WriteBlob(daemon.Blobs);
        }).ToList();
        var random = new Random(42);

        for (var round = 0; round < 6; round++)
        {
            using var stop = new CancellationTokenSource();
            long failedAt = 0;
            var r = round;
            var work = Task.Run(async () =>
            {
                try
                {
                    await WorkloadAsync(daemon.Client, blobs, r, stop.Token);
                }
                catch
                {
                    Interlocked.Exchange(ref failedAt, Stopwatch.GetTimestamp());
                    throw;
                }
            });
            await Task.Delay(random.Next(30, 400));
            var killedAt = Stopwatch.GetTimestamp();
            await daemon.KillAsync();
            await stop.CancelAsync();
            // The workload was cut off by the kill: it failed after the kill, never before (whatever the error,
            // an Internal included, since a connection torn mid-stream can surface as one).
            var cut = await Assert.ThrowsAnyAsync<Exception>(() => work.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(Volatile.Read(ref failedAt) >= killedAt, $"workload failed on its own before the kill: {cut}");
            Assert.True(cut is OperationCanceledException or Common.Errors.CriMeshException { Kind: Common.Errors.ErrorKind.Unavailable or Common.Errors.ErrorKind.Cancelled or Common.Errors.ErrorKind.Internal },
                $"the kill surfaced as an unexpected error: {cut}");

            await daemon.RestartAsync();
            await AssertConsistentAsync(daemon);
            // Clear what the killed round left, so the next round's ReleaseImage is not refused.
            foreach (var fs in (await daemon.Client.ListRootfsAsync(new ListRootfsRequest())).Filesystems)
            {
                await daemon.Client.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = fs.ContainerId });
            }
        }

        // Still fully usable after all that.
        await WorkloadAsync(daemon.Client, blobs, 99, CancellationToken.None, once: true);
        await AssertConsistentAsync(daemon);
    }

    private static async Task WorkloadAsync(Protos.Storaged.V1.Storaged.StoragedClient client, List<Blob> blobs, int round, CancellationToken cancellationToken, bool once = false)
    {
        for (var i = 0; i < 200; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parent = "";
            var lease = (await client.CreateLeaseAsync(new CreateLeaseRequest { ExpiryMillis = 600_000 }, cancellationToken: cancellationToken)).Id;
            foreach (var blob in blobs)
            {
                var applied = await client.ApplyLayerAsync(new ApplyLayerRequest { LeaseId = lease, BlobPath = blob.Path, MediaType = blob.MediaType, DiffId = blob.DiffId, ParentChainId = parent },
                    cancellationToken: cancellationToken);
                parent = applied.Layer.ChainId;
            }
            await client.CommitLeaseAsync(new CommitLeaseRequest { LeaseId = lease, ImageId = "img", TopChainId = parent }, cancellationToken: cancellationToken);
            for (var c = 0; c < 3; c++)
            {
                await client.PrepareRootfsAsync(new PrepareRootfsRequest { ContainerId = $"r{round}-{i}-{c}", ImageId = "img", Mount = true }, cancellationToken: cancellationToken);
            }
            for (var c = 0; c < 3; c++)
            {
                await client.RemoveRootfsAsync(new RemoveRootfsRequest { ContainerId = $"r{round}-{i}-{c}" }, cancellationToken: cancellationToken);
            }
            await client.ReleaseImageAsync(new ReleaseImageRequest { ImageId = "img" }, cancellationToken: cancellationToken);
            await client.GarbageCollectAsync(new GarbageCollectRequest(), cancellationToken: cancellationToken);
            if (once)
            {
                return;
            }
        }
    }

    private static async Task AssertConsistentAsync(StoragedProcess daemon)
    {
        var layout = daemon.Layout;
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.Tmp));

        var layers = (await daemon.Client.ListLayersAsync(new ListLayersRequest())).Layers;
        Assert.Equal(layers.Count, Directory.EnumerateDirectories(layout.Layers).Count());
        Assert.Equal(layers.Count, Directory.EnumerateFileSystemEntries(layout.Links).Count());
        foreach (var layer in layers)
        {
            Assert.True(File.Exists(layout.LayerRecordFile(layer.ChainId)));
            Assert.True(layer.ParentChainId.Length == 0 || layers.Any(l => l.ChainId == layer.ParentChainId));
        }
        foreach (var link in Directory.EnumerateFileSystemEntries(layout.Links))
        {
            Assert.True(Directory.Exists(link), $"dangling link {link}");
        }

        var filesystems = (await daemon.Client.ListRootfsAsync(new ListRootfsRequest())).Filesystems;
        Assert.Equal(filesystems.Count, Directory.EnumerateDirectories(layout.Rootfs).Count());
        var expectedMounts = filesystems.Where(f => f.Mounted).Select(f => f.MountPoint).Order(StringComparer.Ordinal);
        Assert.Equal(expectedMounts, MountTable.MountPointsUnder(daemon.Dir).Order(StringComparer.Ordinal));
        foreach (var fs in filesystems.Where(f => f.Mounted))
        {
            Assert.Equal(60, Directory.EnumerateFiles(Path.Combine(fs.MountPoint, "l0")).Count());
        }
    }
}
