using CriMesh.Common.Config;

namespace CriMesh.Common.Tests.Config;

public sealed class OptionsBinderTests
{
    public sealed record SampleOptions : IValidatedOptions, IBindableOptions<SampleOptions>
    {
        public static OptionsSchema<SampleOptions> Schema { get; } = new OptionsSchema<SampleOptions>()
            .String("name", o => o.Name, (o, v) => o with { Name = v })
            .Int("workers", o => o.Workers, (o, v) => o with { Workers = v })
            .Long("bytes", o => o.Bytes, (o, v) => o with { Bytes = v })
            .Double("ratio", o => o.Ratio, (o, v) => o with { Ratio = v })
            .Bool("enabled", o => o.Enabled, (o, v) => o with { Enabled = v })
            .Duration("timeout", o => o.Timeout, (o, v) => o with { Timeout = v })
            .Strings("dirs", o => o.Dirs, (o, v) => o with { Dirs = v })
            .StringMap("labels", o => o.Labels, (o, v) => o with { Labels = v })
            .Table("nested", o => o.Nested, (o, v) => o with { Nested = v });

        public string Name { get; init; } = "default";
        public int Workers { get; init; } = 3;
        public long Bytes { get; init; } = 10;
        public double Ratio { get; init; } = 0.5;
        public bool Enabled { get; init; } = true;
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
        public string[] Dirs { get; init; } = ["/a"];
        public Dictionary<string, string> Labels { get; init; } = [];
        public NestedOptions Nested { get; init; } = new();

        public IEnumerable<string> Validate()
        {
            if (Workers < 1)
            {
                yield return "workers must be at least 1";
            }
        }
    }

    public sealed record NestedOptions : IBindableOptions<NestedOptions>
    {
        public static OptionsSchema<NestedOptions> Schema { get; } = new OptionsSchema<NestedOptions>()
            .String("path", o => o.Path, (o, v) => o with { Path = v });

        public string Path { get; init; } = "/nested";
    }

    [Fact]
    public void Bind_AbsentTable_GivesDefaults()
    {
        var options = OptionsBinder.Bind<SampleOptions>(ConfigDocument.FromText(""), "imaged");

        Assert.Equal(new SampleOptions().Name, options.Name);
        Assert.Equal(3, options.Workers);
        Assert.Equal("/nested", options.Nested.Path);
    }

    [Fact]
    public void Bind_EveryType_IsConverted()
    {
        var doc = ConfigDocument.FromText("""
            [imaged]
            name = "x"
            workers = 7
            bytes = 9000000000
            ratio = 2
            enabled = false
            timeout = "1h30m"
            dirs = ["/p", "/q"]
            labels = { a = "1", b = "2" }
            [imaged.nested]
            path = "/n"
            """);

        var o = OptionsBinder.Bind<SampleOptions>(doc, "imaged");

        Assert.Equal("x", o.Name);
        Assert.Equal(7, o.Workers);
        Assert.Equal(9_000_000_000L, o.Bytes);
        Assert.Equal(2.0, o.Ratio);
        Assert.False(o.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(90), o.Timeout);
        Assert.Equal(["/p", "/q"], o.Dirs);
        Assert.Equal("2", o.Labels["b"]);
        Assert.Equal("/n", o.Nested.Path);
    }

    [Theory]
    [InlineData("workers = \"many\"", "imaged.workers: expected an integer, got string \"many\"")]
    [InlineData("workers = 99999999999", "imaged.workers: expected an integer in the 32-bit range")]
    [InlineData("timeout = \"soon\"", "imaged.timeout: expected a duration")]
    [InlineData("timeout = 30", "imaged.timeout: expected a duration string")]
    [InlineData("dirs = [1, 2]", "imaged.dirs: expected an array of strings")]
    [InlineData("enabled = \"yes\"", "imaged.enabled: expected a boolean")]
    [InlineData("wokers = 3", "imaged.wokers: unknown key")]
    [InlineData("workers = 0", "[imaged]: workers must be at least 1")]
    [InlineData("[imaged.nested]\npth = \"/x\"", "imaged.nested.pth: unknown key")]
    [InlineData("nested = 1", "imaged.nested: expected a table, got integer 1")]
    [InlineData("labels = { a = 1 }", "imaged.labels: expected a table of strings, got a table")]
    [InlineData("labels = \"a=1\"", "imaged.labels: expected a table, got string \"a=1\"")]
    [InlineData("ratio = \"half\"", "imaged.ratio: expected a number, got string \"half\"")]
    [InlineData("timeout = \"99999999999999999999h\"", "imaged.timeout: expected a duration such as \"30s\", \"5m\" or \"250ms\", at most \"1193h2m47s294ms\" (the longest a timer can be armed for), got string \"99999999999999999999h\"")]
    [InlineData("timeout = \"1193h2m47s295ms\"", "imaged.timeout: expected a duration such as \"30s\", \"5m\" or \"250ms\", at most \"1193h2m47s294ms\"")]
    public void Bind_BadValue_NamesFileKeyAndReason(string body, string expected)
    {
        var doc = ConfigDocument.FromText("[imaged]\n" + body + "\n", "/etc/crimesh/crimesh.toml");

        var e = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<SampleOptions>(doc, "imaged"));

        Assert.Contains("/etc/crimesh/crimesh.toml: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_SameKeyTwice_IsRefused()
    {
        var schema = new OptionsSchema<NestedOptions>().String("path", o => o.Path, (o, v) => o with { Path = v });

        var e = Assert.Throws<InvalidOperationException>(() => schema.String("path", o => o.Path, (o, v) => o with { Path = v }));

        Assert.Contains("lists key path twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_SeveralProblems_AreAllReported()
    {
        var doc = ConfigDocument.FromText("[imaged]\nworkers = \"x\"\nbogus = 1\n");

        var e = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<SampleOptions>(doc, "imaged"));

        Assert.Contains("imaged.workers", e.Message, StringComparison.Ordinal);
        Assert.Contains("imaged.bogus: unknown key", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run_dir = \"relative\"", "run_dir must be an absolute path")]
    [InlineData("log_level = \"chatty\"", "log_level must be one of")]
    [InlineData("shutdown_timeout = \"0s\"", "shutdown_timeout must be positive")]
    [InlineData("[bogus]\nx = 1", "[bogus]: unknown table")]
    [InlineData("nonsense = 1", "nonsense: unknown key")]
    public void BindNode_BadTopLevel_IsRejected(string body, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => OptionsBinder.BindNode(ConfigDocument.FromText(body)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BindDaemon_ProblemsInBothPlaces_ReportsBoth()
    {
        var doc = ConfigDocument.FromText("run_dir = 5\n[imaged]\nbogus = 1\n");

        var e = Assert.Throws<ConfigException>(() => OptionsBinder.BindDaemon<SampleOptions>(doc, "imaged"));

        Assert.Contains("run_dir: expected a string", e.Message, StringComparison.Ordinal);
        Assert.Contains("imaged.bogus: unknown key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Print_EffectiveConfig_ParsesBackToTheSameOptions()
    {
        var doc = ConfigDocument.FromText("""
            log_level = "debug"
            [imaged]
            name = "quote\"d"
            timeout = "250ms"
            labels = { k = "v" }
            [imaged.nested]
            path = "/n"
            """);
        var (node, options) = OptionsBinder.BindDaemon<SampleOptions>(doc, "imaged");

        var printed = ConfigPrinter.Print(node, "imaged", options);
        var (node2, options2) = OptionsBinder.BindDaemon<SampleOptions>(ConfigDocument.FromText(printed), "imaged");

        Assert.Equal(node, node2);
        Assert.Equal(options.Name, options2.Name);
        Assert.Equal(options.Timeout, options2.Timeout);
        Assert.Equal(options.Dirs, options2.Dirs);
        Assert.Equal(options.Labels, options2.Labels);
        Assert.Equal(options.Nested, options2.Nested);
    }
}
