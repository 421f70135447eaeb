using System.Diagnostics;
using CriMesh.Testing.Images;

namespace CriMesh.Benchmarks.Storage;

/// <summary>
/// storaged's unpacker against GNU <c>tar -xzf</c> on the same blobs in the same run: the 64 MiB, 8-layer
/// gzip test image, each layer into its own empty directory, runs interleaved, p50 over the runs.
/// Args: [runs=5] [megabytes=64] [layers=8].
/// </summary>
public sealed class UnpackBenchmark : IBenchmark
{
    public string Name => "unpack";

    public string Description => "unpack the 64 MiB 8-layer gzip image with storaged vs tar -xzf (p50, ratio)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var megabytes = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 64;
        var layers = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;
        var image = TestImages.Large(megabytes << 20, layers, LayerCompression.Gzip);
        var root = Path.Combine(Path.GetTempPath(), "crimesh-bench-unpack-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var blobs = BenchStore.WriteBlobs(image, Path.Combine(root, "blobs"));
            Console.WriteLine($"image: {layers} layers, {image.CompressedSize / 1048576.0:F1} MiB gzip, {image.UncompressedSize / 1048576.0:F1} MiB tar; {runs} runs each, interleaved");
            var ours = new List<double>();
            var tar = new List<double>();
            // One warm-up of each (JIT, page cache of the blobs), not counted.
            await RunOursAsync(root, blobs, cancellationToken);
            await RunTarAsync(root, blobs, cancellationToken);
            for (var i = 0; i < runs; i++)
            {
                ours.Add(await RunOursAsync(root, blobs, cancellationToken));
                tar.Add(await RunTarAsync(root, blobs, cancellationToken));
                Console.WriteLine($"  run {i + 1}: storaged {ours[^1]:F0} ms, tar -xzf {tar[^1]:F0} ms");
            }
            var p50Ours = BenchStore.Median(ours);
            var p50Tar = BenchStore.Median(tar);
            var mib = image.UncompressedSize / 1048576.0;
            Console.WriteLine($"storaged ApplyLayer x{layers}: p50 {p50Ours:F0} ms ({mib / (p50Ours / 1000):F0} MiB/s uncompressed)");
            Console.WriteLine($"tar -xzf x{layers}:          p50 {p50Tar:F0} ms ({mib / (p50Tar / 1000):F0} MiB/s uncompressed)");
            Console.WriteLine($"ratio storaged/tar: {p50Ours / p50Tar:F2} (target <= 1.20)");
            return 0;
        }
        finally
        {
            BenchStore.Cleanup(root);
        }
    }

    private static async Task<double> RunOursAsync(string root, List<(string Path, string MediaType, string DiffId, string Digest)> blobs, CancellationToken cancellationToken)
    {
        await using var store = await BenchStore.OpenAsync(Path.Combine(root, "ours"), Path.Combine(root, "blobs"), cancellationToken);
        var clock = Stopwatch.StartNew();
        await store.ApplyAllAsync(blobs, cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> RunTarAsync(string root, List<(string Path, string MediaType, string DiffId, string Digest)> blobs, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(root, "tar");
        try
        {
            var dirs = blobs.Select((_, i) => Directory.CreateDirectory(Path.Combine(dir, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName).ToList();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < blobs.Count; i++)
            {
                var psi = new ProcessStartInfo("tar") { UseShellExecute = false };
                foreach (var a in new[] { "-xzf", blobs[i].Path, "-C", dirs[i] })
                {
                    psi.ArgumentList.Add(a);
                }
                using var process = Process.Start(psi)!;
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"tar -xzf {blobs[i].Path} exited {process.ExitCode}");
                }
            }
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            BenchStore.Cleanup(dir);
        }
    }
}
