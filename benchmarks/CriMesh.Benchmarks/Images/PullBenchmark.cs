using System.Diagnostics;
using System.Globalization;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Protos.Storaged.V1;
using CriMesh.Testing;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;

namespace CriMesh.Benchmarks.Images;

/// <summary>
/// Cold and warm pull of a 64 MiB, 8-layer image from docker-registry on loopback through the real imaged
/// (and storaged, which unpacks) processes, against <c>skopeo copy</c> of the same image to a directory
/// in the same run. Args: [iterations (default 7)] [--no-unpack] [--no-sync (sync_layer_blobs = false)].
/// </summary>
public sealed class PullBenchmark : IBenchmark
{
    public string Name => "pull";

    public string Description => "64 MiB 8-layer pull from a loopback registry: imaged cold/warm vs skopeo copy";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var iterations = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 7;
        var unpack = !args.Contains("--no-unpack");
        var sync = !args.Contains("--no-sync");
        var image = TestImages.Large(64L << 20, 8);
        await using var registry = await new RegistryServer().StartAsync(cancellationToken);
        using (var push = new RegistryPusher(registry))
        {
            await push.PushAsync("bench/large", image, "latest", cancellationToken);
        }
        var reference = registry.Reference("bench/large", "latest");
        await using var node = new DaemonNode($"""
            [imaged]
            unpack_layers = {(unpack ? "true" : "false")}
            sync_layer_blobs = {(sync ? "true" : "false")}
            insecure_registries = ["{registry.Host}"]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            auth_file = "/nonexistent/auth.json"
            """);
        if (unpack)
        {
            await node.StartAsync("storaged", cancellationToken);
        }
        await node.StartAsync("imaged", cancellationToken);
        using var imagedChannel = UnixChannel.Create(node.SocketPath("imaged"));
        using var storagedChannel = UnixChannel.Create(node.SocketPath("storaged"));
        var imaged = new CriMesh.Protos.Imaged.V1.Imaged.ImagedClient(imagedChannel);
        var storaged = new CriMesh.Protos.Storaged.V1.Storaged.StoragedClient(storagedChannel);

        Console.WriteLine($"image: {image.Layers.Count} layers, {image.CompressedSize / (1024.0 * 1024):0.0} MiB compressed, unpack={unpack}, sync_layer_blobs={sync}, iterations={iterations}");
        var cold = new List<double>();
        var warm = new List<double>();
        // One untimed round first: JIT, connection pools, page cache of the registry's files.
        for (var i = -1; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            var pulled = await imaged.PullImageAsync(new PullImageRequest { Image = reference }, cancellationToken: cancellationToken);
            var coldMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await imaged.PullImageAsync(new PullImageRequest { Image = reference }, cancellationToken: cancellationToken);
            var warmMs = sw.Elapsed.TotalMilliseconds;
            if (i >= 0)
            {
                cold.Add(coldMs);
                warm.Add(warmMs);
            }
            await imaged.RemoveImageAsync(new RemoveImageRequest { Image = pulled.ImageRef }, cancellationToken: cancellationToken);
            if (unpack)
            {
                await storaged.GarbageCollectAsync(new GarbageCollectRequest(), cancellationToken: cancellationToken);
            }
        }

        var skopeo = new List<double>();
        for (var i = -1; i < iterations; i++)
        {
            using var dir = new TempDir("crimesh-bench-skopeo");
            var sw = Stopwatch.StartNew();
            var result = await Skopeo.CopyToDirAsync(reference, dir.Path, cancellationToken: cancellationToken);
            var ms = sw.Elapsed.TotalMilliseconds;
            if (result.ExitCode != 0)
            {
                Console.Error.WriteLine($"skopeo copy failed: {result}");
                return 1;
            }
            if (i >= 0)
            {
                skopeo.Add(ms);
            }
        }

        var what = unpack ? "download+verify+unpack" : "download+verify";
        Console.WriteLine($"imaged cold pull ({what}): {Percentiles.Describe(cold)}");
        Console.WriteLine($"imaged warm pull (image present):   {Percentiles.Describe(warm)}");
        Console.WriteLine($"skopeo copy to dir (download+verify): {Percentiles.Describe(skopeo)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio imaged cold p50 / skopeo p50 = {Percentiles.Of(cold, 50) / Percentiles.Of(skopeo, 50):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target: imaged cold p50 <= 600 ms: {(Percentiles.Of(cold, 50) <= 600 ? "met" : "NOT met")}"));
        return 0;
    }
}
