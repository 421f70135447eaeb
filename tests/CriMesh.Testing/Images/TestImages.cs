using System.Collections.Concurrent;

namespace CriMesh.Testing.Images;

/// <summary>
/// Ready-made images. All are reproducible (same arguments → same digests on every run) and cached in memory per
/// arguments, so many tests can ask for the same image cheaply (the returned objects are immutable; do not change
/// the byte arrays).
/// </summary>
public static class TestImages
{
    private static readonly ConcurrentDictionary<string, Lazy<object>> Cache = new();

    /// <summary>
    /// One layer: <see cref="TarBuilder.AddBusybox"/> (busybox, applet symlinks, /etc/passwd with root/app(1000)/nobody,
    /// /tmp 1777). Cmd <c>["/bin/sh"]</c>, PATH set. Runnable on the host platform.
    /// </summary>
    public static TestImage Busybox(ManifestFormat format = ManifestFormat.Oci, LayerCompression compression = LayerCompression.Gzip) =>
        Cached($"busybox/{format}/{compression}", () => new TestImageBuilder()
            .WithFormat(format)
            .AddLayer(t => t.AddBusybox(), compression, "busybox")
            .Build());

    /// <summary>
    /// <see cref="Busybox"/> content with a process that keeps running until SIGTERM and then exits 0 within about a
    /// second (<c>sh -c "trap 'exit 0' TERM; while :; do sleep 1; done"</c> as the entrypoint; no Cmd): for
    /// container lifecycle tests that need something alive to stop, exec into or attach to.
    /// </summary>
    public static TestImage LongRunning(ManifestFormat format = ManifestFormat.Oci) =>
        Cached($"longrunning/{format}", () => new TestImageBuilder()
            .WithFormat(format)
            .WithEntrypoint("/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done")
            .WithCmd()
            .AddLayer(t => t.AddBusybox(), LayerCompression.Gzip, "busybox")
            .Build());

    /// <summary>
    /// Three layers (gzip, then zstd for OCI / gzip for Docker, then uncompressed):
    /// <list type="number">
    /// <item>busybox as in <see cref="Busybox"/>;</item>
    /// <item><c>etc/motd</c> ("hello from layer 1\n"), <c>opt/data/a</c> ("a\n"), <c>opt/data/b</c> ("b\n"),
    /// <c>opt/secret</c> (0600, 1000:1000, "secret\n"), symlink <c>opt/link → data/a</c>, hard link <c>opt/hard → opt/data/a</c>;</item>
    /// <item>whiteout of <c>etc/motd</c>, opaque <c>opt/data/</c> with new <c>opt/data/c</c> ("c\n"), <c>etc/layer2</c> ("2\n").</item>
    /// </list>
    /// Merged result: no <c>etc/motd</c>; <c>opt/data</c> holds only <c>c</c>; <c>opt/secret</c>, <c>opt/link</c>
    /// (dangling now), <c>opt/hard</c> ("a\n") and <c>etc/layer2</c> remain. User <c>1000:1000</c>, Env adds
    /// <c>GREETING=hello</c>, Cmd <c>["/bin/sh","-c","cat /etc/layer2"]</c>, WorkingDir <c>/opt</c>.
    /// </summary>
    public static TestImage MultiLayer(ManifestFormat format = ManifestFormat.Oci) =>
        Cached($"multilayer/{format}", () => new TestImageBuilder()
            .WithFormat(format)
            .WithUser("1000:1000")
            .WithEnv("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GREETING=hello")
            .WithCmd("/bin/sh", "-c", "cat /etc/layer2")
            .WithWorkingDir("/opt")
            .AddLayer(t => t.AddBusybox(), LayerCompression.Gzip, "busybox")
            .AddLayer(t => t
                .AddDirectory("etc/")
                .AddFile("etc/motd", "hello from layer 1\n")
                .AddDirectory("opt/")
                .AddDirectory("opt/data/")
                .AddFile("opt/data/a", "a\n")
                .AddFile("opt/data/b", "b\n")
                .AddFile("opt/secret", "secret\n", TarBuilder.Octal(600), 1000, 1000)
                .AddSymlink("opt/link", "data/a")
                .AddHardLink("opt/hard", "opt/data/a"),
                format == ManifestFormat.Oci ? LayerCompression.Zstd : LayerCompression.Gzip, "files")
            .AddLayer(t => t
                .AddDirectory("etc/")
                .AddWhiteout("etc/motd")
                .AddFile("etc/layer2", "2\n")
                .AddDirectory("opt/")
                .AddDirectory("opt/data/")
                .AddOpaqueWhiteout("opt/data")
                .AddFile("opt/data/c", "c\n"),
                LayerCompression.None, "whiteouts")
            .Build());

    /// <summary>
    /// About <paramref name="totalBytes"/> of incompressible (seeded random) file data spread over
    /// <paramref name="layers"/> layers, files of at most 8 MiB under <c>data/LAYER/</c>; layer 0 also holds busybox.
    /// For pull/unpack benchmarks. Built in parallel (about 3 s for 64 MiB on this machine), cached in memory per
    /// arguments and on disk under the test assembly's output dir (<c>testkit-cache/</c>), so later runs load it in
    /// well under a second; the digests are identical either way.
    /// </summary>
    public static TestImage Large(long totalBytes = 64L << 20, int layers = 8, LayerCompression compression = LayerCompression.Gzip, ManifestFormat format = ManifestFormat.Oci)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(totalBytes);
        var key = $"large/{totalBytes}/{layers}/{compression}/{format}";
        return Cached(key, () =>
        {
            var createdBy = Enumerable.Range(0, layers).Select(i => $"large layer {i}").ToList();
            if (LayerDiskCache.TryLoad(key, new TestImageBuilder().WithFormat(format)) is { } cached)
            {
                return cached.Build();
            }
            const long maxFile = 8L << 20;
            var builder = new TestImageBuilder().WithFormat(format);
            var perLayer = totalBytes / layers;
            for (var i = 0; i < layers; i++)
            {
                var layerIndex = i;
                var bytes = i == layers - 1 ? totalBytes - perLayer * (layers - 1) : perLayer;
                builder.AddLayer(t =>
                {
                    if (layerIndex == 0)
                    {
                        t.AddBusybox();
                    }
                    t.AddDirectory("data/").AddDirectory($"data/{layerIndex}/");
                    var file = 0;
                    for (var left = bytes; left > 0; left -= maxFile, file++)
                    {
                        t.AddRandomFile($"data/{layerIndex}/{file}.bin", Math.Min(left, maxFile), seed: layerIndex * 100_000L + file);
                    }
                }, compression, createdBy[i]);
            }
            var image = builder.Build();
            LayerDiskCache.Store(key, image, createdBy);
            return image;
        });
    }

    /// <summary>
    /// <paramref name="count"/> layers: busybox in layer 0, then each layer <c>N</c> adds <c>layers/N</c> ("N\n").
    /// </summary>
    public static TestImage ManyLayers(int count = 100, ManifestFormat format = ManifestFormat.Oci)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Cached($"many/{count}/{format}", () =>
        {
            var builder = new TestImageBuilder().WithFormat(format).AddLayer(t => t.AddBusybox(), LayerCompression.Gzip, "busybox");
            for (var i = 1; i < count; i++)
            {
                var n = i;
                builder.AddLayer(t => t.AddDirectory("layers/").AddFile($"layers/{n}", $"{n}\n"), LayerCompression.Gzip, $"layer {n}");
            }
            return builder.Build();
        });
    }

    /// <summary>
    /// A multi-platform index (OCI index or Docker manifest list) for linux/amd64, linux/arm64 and linux/arm/v7.
    /// The host's platform gets the runnable <see cref="Busybox"/> content; the others get one layer with
    /// <c>etc/platform</c> holding their platform string ("linux/arm64\n"), Cmd <c>["/bin/true"]</c>, not runnable.
    /// Every image has <c>etc/platform</c> so a test can tell which one was pulled.
    /// </summary>
    public static TestImageIndex MultiArch(ManifestFormat format = ManifestFormat.Oci) =>
        Cached($"multiarch/{format}", () =>
        {
            var images = new List<TestImage>();
            foreach (var platform in new[] { Platform.LinuxAmd64, Platform.LinuxArm64, Platform.LinuxArmV7 })
            {
                var builder = new TestImageBuilder().WithFormat(format).WithPlatform(platform);
                if (platform == Platform.Host)
                {
                    builder.AddLayer(t => t.AddBusybox().AddFile("etc/platform", platform + "\n"), LayerCompression.Gzip, "busybox");
                }
                else
                {
                    builder.WithCmd("/bin/true")
                        .AddLayer(t => t.AddDirectory("etc/").AddFile("etc/platform", platform + "\n"), LayerCompression.Gzip, "platform marker");
                }
                images.Add(builder.Build());
            }
            return TestImageBuilder.BuildIndex(images, format);
        });

    private static T Cached<T>(string key, Func<T> build) where T : class =>
        (T)Cache.GetOrAdd(key, _ => new Lazy<object>(() => build(), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
}
