using System.Globalization;
using System.Text.Json.Nodes;

namespace CriMesh.Testing.Images;

/// <summary>
/// Builds a single-platform image: layers from <see cref="TarBuilder"/>s (compressed per layer), a config
/// (platform, user, env, cmd, <c>rootfs.diff_ids</c>, history) and an OCI or Docker schema 2 manifest.
/// <see cref="MutateConfig"/> / <see cref="MutateManifest"/> edit the JSON before it is hashed, to make images
/// a well-behaved builder would refuse to (wrong diff IDs, hostile media types, foreign URLs).
/// </summary>
/// <example><code>
/// TestImage image = new TestImageBuilder()
///     .WithCmd("/bin/sh", "-c", "echo hi")
///     .AddLayer(t => t.AddBusybox())
///     .AddLayer(t => t.AddFile("etc/app.conf", "x=1\n"), LayerCompression.Zstd)
///     .Build();
/// </code></example>
public sealed class TestImageBuilder
{
    private static readonly DateTimeOffset DefaultCreated = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<PendingLayer> _layers = [];
    private readonly List<Action<JsonObject>> _configMutations = [];
    private readonly List<Action<JsonObject>> _manifestMutations = [];
    private readonly Dictionary<string, string> _labels = [];
    private readonly List<string> _exposedPorts = [];
    private readonly List<string> _volumes = [];
    private readonly List<(string CreatedBy, bool Empty)> _history = [];
    private Platform _platform = Platform.Host;
    private ManifestFormat _format = ManifestFormat.Oci;
    private string? _user;
    private List<string> _env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];
    private string[]? _cmd = ["/bin/sh"];
    private string[]? _entrypoint;
    private string? _workingDir;
    private string? _stopSignal;
    private DateTimeOffset _created = DefaultCreated;

    /// <summary>Sets the platform (default <see cref="Platform.Host"/>).</summary>
    public TestImageBuilder WithPlatform(Platform platform) { _platform = platform; return this; }

    /// <summary>Sets the manifest format (default OCI).</summary>
    public TestImageBuilder WithFormat(ManifestFormat format) { _format = format; return this; }

    /// <summary>Sets <c>config.User</c> (e.g. <c>"1000"</c>, <c>"app:app"</c>, <c>"1000:1000"</c>).</summary>
    public TestImageBuilder WithUser(string user) { _user = user; return this; }

    /// <summary>Replaces <c>config.Env</c> (default: just PATH).</summary>
    public TestImageBuilder WithEnv(params string[] env) { _env = [.. env]; return this; }

    /// <summary>Sets <c>config.Cmd</c> (default <c>["/bin/sh"]</c>); no arguments clears it.</summary>
    public TestImageBuilder WithCmd(params string[] cmd) { _cmd = cmd.Length == 0 ? null : cmd; return this; }

    /// <summary>Sets <c>config.Entrypoint</c>; no arguments clears it.</summary>
    public TestImageBuilder WithEntrypoint(params string[] entrypoint) { _entrypoint = entrypoint.Length == 0 ? null : entrypoint; return this; }

    /// <summary>Sets <c>config.WorkingDir</c>.</summary>
    public TestImageBuilder WithWorkingDir(string dir) { _workingDir = dir; return this; }

    /// <summary>Adds a label to <c>config.Labels</c>.</summary>
    public TestImageBuilder WithLabel(string key, string value) { _labels[key] = value; return this; }

    /// <summary>Adds an exposed port (<c>"80/tcp"</c>).</summary>
    public TestImageBuilder WithExposedPort(string port) { _exposedPorts.Add(port); return this; }

    /// <summary>Adds a volume to <c>config.Volumes</c> (<c>"/data"</c>).</summary>
    public TestImageBuilder WithVolume(string path) { _volumes.Add(path); return this; }

    /// <summary>
    /// Adds a history entry with <c>"empty_layer": true</c> (as ENV or LABEL steps leave), between the layers added
    /// before and after it: <c>history</c> then has more entries than <c>rootfs.diff_ids</c>, as in real images.
    /// </summary>
    public TestImageBuilder AddEmptyLayerHistory(string createdBy) { _history.Add((createdBy, true)); return this; }

    /// <summary>Sets <c>config.StopSignal</c> (e.g. <c>"SIGINT"</c>).</summary>
    public TestImageBuilder WithStopSignal(string signal) { _stopSignal = signal; return this; }

    /// <summary>Sets the <c>created</c> time of the config and history (default 2024-01-01, for reproducible digests).</summary>
    public TestImageBuilder WithCreated(DateTimeOffset created) { _created = created; return this; }

    /// <summary>Adds a layer from a finished tar (<paramref name="tar"/> is used as is, hostile or not).</summary>
    public TestImageBuilder AddLayer(byte[] tar, LayerCompression compression = LayerCompression.Gzip, string? createdBy = null)
    {
        _layers.Add(new PendingLayer(tar, compression, createdBy ?? $"layer {_layers.Count}", null));
        _history.Add((_layers[^1].CreatedBy, false));
        return this;
    }

    /// <summary>
    /// Adds a layer whose blob was compressed already (e.g. read back from a cache): <paramref name="compressed"/> must be
    /// <paramref name="tar"/> compressed with <paramref name="compression"/>; digests are recomputed unless given.
    /// </summary>
    public TestImageBuilder AddCompressedLayer(byte[] tar, byte[] compressed, LayerCompression compression, string? createdBy = null, string? diffId = null, string? blobDigest = null)
    {
        _layers.Add(new PendingLayer(tar, compression, createdBy ?? $"layer {_layers.Count}", new Prebuilt(compressed, diffId, blobDigest)));
        _history.Add((_layers[^1].CreatedBy, false));
        return this;
    }

    /// <summary>Adds a layer from a <see cref="TarBuilder"/> (finished here).</summary>
    public TestImageBuilder AddLayer(TarBuilder tar, LayerCompression compression = LayerCompression.Gzip, string? createdBy = null) =>
        AddLayer(tar.ToArray(), compression, createdBy);

    /// <summary>Adds a layer whose content <paramref name="build"/> writes into a fresh PAX <see cref="TarBuilder"/>.</summary>
    public TestImageBuilder AddLayer(Action<TarBuilder> build, LayerCompression compression = LayerCompression.Gzip, string? createdBy = null)
    {
        var tar = new TarBuilder();
        build(tar);
        return AddLayer(tar, compression, createdBy);
    }

    /// <summary>Edits the config JSON before it is serialized and hashed (runs after everything else is filled in).</summary>
    public TestImageBuilder MutateConfig(Action<JsonObject> mutate) { _configMutations.Add(mutate); return this; }

    /// <summary>Edits the manifest JSON before it is serialized and hashed.</summary>
    public TestImageBuilder MutateManifest(Action<JsonObject> mutate) { _manifestMutations.Add(mutate); return this; }

    /// <summary>Compresses the layers and produces config and manifest. The builder can be built again.</summary>
    public TestImage Build()
    {
        var mediaTypes = _layers.Select(l => MediaTypes.Layer(_format, l.Compression)).ToArray();
        var layers = new TestLayer[_layers.Count];
        Parallel.For(0, _layers.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var (tar, compression, _, prebuilt) = _layers[i];
            var data = prebuilt?.Compressed ?? Compression.Compress(tar, compression);
            var blob = new Blob(mediaTypes[i], prebuilt?.BlobDigest ?? Digests.Sha256(data), data);
            layers[i] = new TestLayer(tar, prebuilt?.DiffId ?? Digests.Sha256(tar), compression, blob);
        });

        var configJson = BuildConfig(layers);
        foreach (var mutate in _configMutations)
        {
            mutate(configJson);
        }
        var config = Blob.Create(MediaTypes.Config(_format), ImageJson.Bytes(configJson));

        var manifestJson = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.Manifest(_format),
            ["config"] = ImageJson.Descriptor(config),
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)ImageJson.Descriptor(l.Blob))]),
        };
        foreach (var mutate in _manifestMutations)
        {
            mutate(manifestJson);
        }
        var manifest = Blob.Create(MediaTypes.Manifest(_format), ImageJson.Bytes(manifestJson));
        return new TestImage(_platform, _format, layers, config, manifest);
    }

    /// <summary>
    /// Builds an OCI index (or Docker manifest list) naming <paramref name="images"/> with their platforms.
    /// The format is the first image's unless given. <paramref name="mutate"/> edits the JSON before hashing.
    /// </summary>
    public static TestImageIndex BuildIndex(IReadOnlyList<TestImage> images, ManifestFormat? format = null, Action<JsonObject>? mutate = null)
    {
        var f = format ?? (images.Count > 0 ? images[0].Format : ManifestFormat.Oci);
        var entries = new JsonArray();
        foreach (var image in images)
        {
            var d = ImageJson.Descriptor(image.Manifest);
            d["platform"] = ImageJson.Platform(image.Platform);
            entries.Add(d);
        }
        var json = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.Index(f),
            ["manifests"] = entries,
        };
        mutate?.Invoke(json);
        return new TestImageIndex(f, images, Blob.Create(MediaTypes.Index(f), ImageJson.Bytes(json)));
    }

    private JsonObject BuildConfig(TestLayer[] layers)
    {
        var created = _created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var inner = new JsonObject();
        if (_user is not null)
        {
            inner["User"] = _user;
        }
        if (_exposedPorts.Count > 0)
        {
            inner["ExposedPorts"] = new JsonObject(_exposedPorts.Select(p => KeyValuePair.Create(p, (JsonNode?)new JsonObject())));
        }
        inner["Env"] = StringArray(_env);
        if (_entrypoint is not null)
        {
            inner["Entrypoint"] = StringArray(_entrypoint);
        }
        if (_cmd is not null)
        {
            inner["Cmd"] = StringArray(_cmd);
        }
        if (_volumes.Count > 0)
        {
            inner["Volumes"] = new JsonObject(_volumes.Select(v => KeyValuePair.Create(v, (JsonNode?)new JsonObject())));
        }
        if (_workingDir is not null)
        {
            inner["WorkingDir"] = _workingDir;
        }
        if (_labels.Count > 0)
        {
            inner["Labels"] = new JsonObject(_labels.OrderBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }
        if (_stopSignal is not null)
        {
            inner["StopSignal"] = _stopSignal;
        }

        var config = new JsonObject
        {
            ["created"] = created,
            ["architecture"] = _platform.Architecture,
            ["os"] = _platform.Os,
        };
        if (_platform.Variant is not null)
        {
            config["variant"] = _platform.Variant;
        }
        config["config"] = inner;
        config["rootfs"] = new JsonObject
        {
            ["type"] = "layers",
            ["diff_ids"] = StringArray(layers.Select(l => l.DiffId)),
        };
        var history = new JsonArray();
        foreach (var (createdBy, empty) in _history)
        {
            var entry = new JsonObject { ["created"] = created, ["created_by"] = createdBy };
            if (empty)
            {
                entry["empty_layer"] = true;
            }
            history.Add(entry);
        }
        config["history"] = history;
        return config;
    }

    private sealed record Prebuilt(byte[] Compressed, string? DiffId, string? BlobDigest);

    private sealed record PendingLayer(byte[] Tar, LayerCompression Compression, string CreatedBy, Prebuilt? Prebuilt);

    private static JsonArray StringArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
