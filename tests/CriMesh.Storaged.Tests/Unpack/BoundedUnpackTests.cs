using System.Diagnostics;
using CriMesh.Common.Errors;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Storaged.Tests.Support;
using Xunit.Abstractions;

namespace CriMesh.Storaged.Tests.Unpack;

/// <summary>
/// The unpack floor's limits through the real daemon: a layer that expands past its cap, an unpack whose
/// caller gives up, device numbers the kernel cannot hold, overlay xattrs in the user namespace.
/// </summary>
public sealed class BoundedUnpackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ApplyLayer_GzipBomb_ResourceExhaustedNothingLeftSlotFreed()
    {
        await using var daemon = await StoragedProcess.StartAsync("max_layer_bytes = \"64MiB\"\nmax_concurrent_unpacks = 1");
        var bomb = ZeroBomb.Write(daemon.Blobs, gibibytes: 4, hash: false);
        var clock = Stopwatch.StartNew();
        var lease = await daemon.LeaseAsync();
        var e = await Assert.ThrowsAsync<CriMeshException>(() => daemon.Client.ApplyLayerAsync(new ApplyLayerRequest
        {
            LeaseId = lease,
            BlobDigest = bomb.Digest,
            MediaType = bomb.MediaType,
            DiffId = bomb.DiffId,
        }).ResponseAsync);
        output.WriteLine($"a {new FileInfo(bomb.Path).Length} byte blob of a 4 GiB layer refused after {clock.ElapsedMilliseconds} ms: {e.Message}");

        Assert.Equal(ErrorKind.ResourceExhausted, e.Kind);
        Assert.Contains("max_layer_bytes (64MiB)", e.Message, StringComparison.Ordinal);
        AssertNothingLeft(daemon);
        // The one unpack slot is free again: a small layer goes through.
        await daemon.ApplyAsync(new LayerTar().File("after", "x"));
    }

    [Fact]
    public async Task ApplyLayer_PastImageCap_ResourceExhaustedNamingTheImageCap()
    {
        await using var daemon = await StoragedProcess.StartAsync("max_image_bytes = \"6MiB\"");
        var lower = await daemon.ApplyAsync(new LayerTar().File("lower", new byte[4 << 20]));
        var blob = new LayerTar().File("upper", new byte[3 << 20]).WriteBlob(daemon.Blobs);
        var lease = await daemon.LeaseAsync();
        var e = await Assert.ThrowsAsync<CriMeshException>(() => daemon.Client.ApplyLayerAsync(new ApplyLayerRequest
        {
            LeaseId = lease,
            BlobDigest = blob.Digest,
            MediaType = blob.MediaType,
            DiffId = blob.DiffId,
            ParentChainId = lower.ChainId,
        }).ResponseAsync);

        Assert.Equal(ErrorKind.ResourceExhausted, e.Kind);
        Assert.Contains($"max_image_bytes (6MiB, of which the layers below hold {lower.Size} bytes)", e.Message, StringComparison.Ordinal);
        Assert.Single((await daemon.Client.ListLayersAsync(new ListLayersRequest())).Layers);
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Layout.Tmp));
        // The same layer alone is within both caps.
        await daemon.ApplyAsync(new LayerTar().File("upper", new byte[3 << 20]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ApplyLayer_CallerGivesUpMidUnpack_StopsFreesSlotCommitsNothing(bool byDeadline)
    {
        await using var daemon = await StoragedProcess.StartAsync("max_concurrent_unpacks = 1");
        // A valid layer (true diff_id): left alone, this unpack would finish and commit the layer.
        var big = ZeroBomb.Write(daemon.Blobs, gibibytes: 2, hash: true);
        using var cancel = new CancellationTokenSource();
        var lease = await daemon.LeaseAsync();
        var apply = daemon.Client.ApplyLayerAsync(
            new ApplyLayerRequest { LeaseId = lease, BlobDigest = big.Digest, MediaType = big.MediaType, DiffId = big.DiffId },
            deadline: byDeadline ? DateTime.UtcNow.AddSeconds(4) : null,
            cancellationToken: cancel.Token).ResponseAsync;
        Assert.True(await PartialFileAppearsAsync(daemon, apply), "the unpack did not start");
        if (!byDeadline)
        {
            cancel.Cancel();
        }

        var e = await Assert.ThrowsAsync<CriMeshException>(() => apply);
        var clock = Stopwatch.StartNew();
        Assert.Equal(byDeadline ? ErrorKind.DeadlineExceeded : ErrorKind.Cancelled, e.Kind);
        Assert.True(await TmpEmptiesAsync(daemon), "the abandoned unpack left tmp/ behind");
        output.WriteLine($"tmp/ empty {clock.ElapsedMilliseconds} ms after the call ended ({(byDeadline ? "deadline" : "cancel")})");
        await daemon.ApplyAsync(new LayerTar().File("after", "x"));
        var layers = (await daemon.Client.ListLayersAsync(new ListLayersRequest())).Layers;
        Assert.DoesNotContain(layers, l => l.DiffId == big.DiffId);
        Assert.Contains("every caller cancelled or passed its deadline", daemon.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4096, 0)]
    [InlineData(1, 1 << 20)]
    public async Task ApplyLayer_DeviceNumbersOutOfRange_InvalidArgument(int major, int minor)
    {
        await using var daemon = await StoragedProcess.StartAsync();
        var e = await Assert.ThrowsAsync<CriMeshException>(() => daemon.ApplyAsync(new LayerTar().CharDevice("dev/x", major, minor)));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains($"device dev/x has numbers {major}:{minor}; at most 4095:1048575 are allowed", e.Message, StringComparison.Ordinal);
        AssertNothingLeft(daemon);
    }

    [Fact]
    public async Task ApplyLayer_DeviceNumbersAtTheLimit_Created()
    {
        await using var daemon = await StoragedProcess.StartAsync();
        var layer = await daemon.ApplyAsync(new LayerTar().CharDevice("dev/x", 4095, (1 << 20) - 1));
        var st = TempStore.Stat(Path.Combine(daemon.Layout.LayerDiff(layer.ChainId), "dev/x"));
        Assert.Equal((4095u, (uint)(1 << 20) - 1), (st.RdevMajor, st.RdevMinor));
    }

    [Fact]
    public async Task ApplyLayer_UserOverlayXattrs_NotApplied()
    {
        await using var daemon = await StoragedProcess.StartAsync();
        var xattrs = new Dictionary<string, string>
        {
            ["user.overlay.redirect"] = "/etc",
            ["user.overlay.opaque"] = "y",
            ["trusted.overlay.metacopy"] = "",
            ["user.kept"] = "1",
        };
        var layer = await daemon.ApplyAsync(new LayerTar().Dir("d", xattrs: xattrs).File("d/f", "x", xattrs: xattrs));
        foreach (var path in new[] { "d", "d/f" })
        {
            var full = Path.Combine(daemon.Layout.LayerDiff(layer.ChainId), path);
            Assert.Null(CriMesh.Linux.Interop.Libc.Lgetxattr(full, "user.overlay.redirect"));
            Assert.Null(CriMesh.Linux.Interop.Libc.Lgetxattr(full, "user.overlay.opaque"));
            Assert.Null(CriMesh.Linux.Interop.Libc.Lgetxattr(full, "trusted.overlay.metacopy"));
            Assert.NotNull(CriMesh.Linux.Interop.Libc.Lgetxattr(full, "user.kept"));
        }
    }

    private static void AssertNothingLeft(StoragedProcess daemon)
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Layout.Tmp));
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Layout.Layers));
    }

    /// <summary>Polls (bounded) until the unpack's file shows in tmp/ with data in it.</summary>
    private static async Task<bool> PartialFileAppearsAsync(StoragedProcess daemon, Task apply)
    {
        for (var i = 0; i < 3000 && !apply.IsCompleted; i++)
        {
            var partial = Directory.EnumerateDirectories(daemon.Layout.Tmp, "layer-*").FirstOrDefault();
            var file = partial is null ? null : new FileInfo(Path.Combine(partial, "diff", "zeros"));
            if (file is { Exists: true, Length: > 0 })
            {
                return true;
            }
            await Task.Delay(10);
        }
        return false;
    }

    /// <summary>Polls (bounded, 60 s) until tmp/ is empty.</summary>
    private static async Task<bool> TmpEmptiesAsync(StoragedProcess daemon)
    {
        for (var i = 0; i < 600; i++)
        {
            if (!Directory.EnumerateFileSystemEntries(daemon.Layout.Tmp).Any())
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
