using System.Diagnostics;
using CriMesh.Testing.Images;

namespace CriMesh.Benchmarks.Storage;

/// <summary>
/// Prepare + mount, then unmount + remove, of N container root filesystems on one image (the 3-layer
/// MultiLayer test image by default, or ManyLayers(100) with "many"). Args: [count=100] [multi|many].
/// </summary>
public sealed class RootfsBenchmark : IBenchmark
{
    public string Name => "rootfs";

    public string Description => "prepare+mount and unmount+remove 100 container root filesystems (total, per op)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100;
        var many = args.Length > 1 && args[1] == "many";
        var image = many ? TestImages.ManyLayers(100) : TestImages.MultiLayer();
        var root = Path.Combine(Path.GetTempPath(), "crimesh-bench-rootfs-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var store = await BenchStore.OpenAsync(root, Path.Combine(root, "blobs"), cancellationToken);
            var top = await store.ApplyAllAsync(BenchStore.WriteBlobs(image, Path.Combine(root, "blobs")), cancellationToken);
            await store.Storage.Layers.RetainImageAsync("bench", top, cancellationToken);
            var labels = new Dictionary<string, string>();

            // Warm-up (JIT), not counted.
            await store.Storage.Rootfs.PrepareAsync("warmup", "bench", mount: true, labels, cancellationToken);
            await store.Storage.Rootfs.RemoveAsync("warmup", cancellationToken);

            var prepare = new List<double>();
            var remove = new List<double>();
            var total = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var clock = Stopwatch.StartNew();
                await store.Storage.Rootfs.PrepareAsync($"c{i}", "bench", mount: true, labels, cancellationToken);
                prepare.Add(clock.Elapsed.TotalMilliseconds);
            }
            for (var i = 0; i < count; i++)
            {
                var clock = Stopwatch.StartNew();
                await store.Storage.Rootfs.RemoveAsync($"c{i}", cancellationToken);
                remove.Add(clock.Elapsed.TotalMilliseconds);
            }
            total.Stop();
            Console.WriteLine($"image: {image.Layers.Count} layers; {count} container filesystems");
            Console.WriteLine($"total prepare+mount+unmount+remove: {total.Elapsed.TotalMilliseconds:F0} ms ({total.Elapsed.TotalMilliseconds / count:F2} ms per container)");
            Console.WriteLine($"prepare+mount:   p50 {BenchStore.Median(prepare):F2} ms, max {prepare.Max():F2} ms, sum {prepare.Sum():F0} ms");
            Console.WriteLine($"unmount+remove:  p50 {BenchStore.Median(remove):F2} ms, max {remove.Max():F2} ms, sum {remove.Sum():F0} ms");
            return 0;
        }
        finally
        {
            BenchStore.Cleanup(root);
        }
    }
}
