using System.Diagnostics;
using System.Globalization;
using CriMesh.Common.Grpc;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Testing.Images;
using CriMesh.Testing.Node;
using CriMesh.Testing.Registry;

namespace CriMesh.Benchmarks.Images;

/// <summary>
/// ImageStatus and ListImages latency over imaged's Unix socket (the real process), with 20 images in
/// the store. Args: [calls (default 5000)].
/// </summary>
public sealed class ImageStatusBenchmark : IBenchmark
{
    public string Name => "imagestatus";

    public string Description => "ImageStatus / ListImages round trips to the imaged process (20 images stored)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        await using var registry = await new RegistryServer().StartAsync(cancellationToken);
        using (var push = new RegistryPusher(registry))
        {
            for (var i = 0; i < 20; i++)
            {
                var image = new TestImageBuilder().AddLayer(t => t.AddBusybox()).WithLabel("n", i.ToString(CultureInfo.InvariantCulture)).Build();
                await push.PushAsync($"bench/img{i}", image, "latest", cancellationToken);
            }
        }
        await using var node = new DaemonNode($"""
            [imaged]
            unpack_layers = false
            insecure_registries = ["{registry.Host}"]
            registries_conf = "/nonexistent/registries.conf"
            registries_conf_dir = "/nonexistent/registries.conf.d"
            """);
        await node.StartAsync("imaged", cancellationToken);
        using var channel = UnixChannel.Create(node.SocketPath("imaged"));
        var imaged = new CriMesh.Protos.Imaged.V1.Imaged.ImagedClient(channel);
        for (var i = 0; i < 20; i++)
        {
            await imaged.PullImageAsync(new PullImageRequest { Image = registry.Reference($"bench/img{i}", "latest") }, cancellationToken: cancellationToken);
        }
        var target = registry.Reference("bench/img7", "latest");

        var status = await MeasureAsync(calls, () => imaged.ImageStatusAsync(new ImageStatusRequest { Image = target }, cancellationToken: cancellationToken).ResponseAsync);
        var list = await MeasureAsync(calls, () => imaged.ListImagesAsync(new ListImagesRequest(), cancellationToken: cancellationToken).ResponseAsync);
        Console.WriteLine($"ImageStatus: {Percentiles.Describe(status)}");
        Console.WriteLine($"ListImages (20 images): {Percentiles.Describe(list)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target p50 <= 0.5 ms: ImageStatus {(Percentiles.Of(status, 50) <= 0.5 ? "met" : "NOT met")}, ListImages {(Percentiles.Of(list, 50) <= 0.5 ? "met" : "NOT met")}"));
        return 0;
    }

    private static async Task<List<double>> MeasureAsync<T>(int calls, Func<Task<T>> call)
    {
        for (var i = 0; i < Math.Min(500, calls); i++)
        {
            await call();
        }
        var samples = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return samples;
    }
}
