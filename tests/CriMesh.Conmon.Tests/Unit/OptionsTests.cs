using CriMesh.Common.Config;
using CriMesh.Conmon.Options;
using CriMesh.Conmon.Runtime;

namespace CriMesh.Conmon.Tests.Unit;

public sealed class OptionsTests
{
    [Fact]
    public void RuntimeHandlers_Table_BoundAndMergedWithDefault()
    {
        var doc = ConfigDocument.FromText("""
            run_dir = "/run/x"
            [conmon]
            [conmon.runtime_handlers.kata]
            runtime_path = "/opt/kata/bin/kata-runtime"
            allowed_annotations = ["io.katacontainers.*"]
            runtime_args = ["--debug"]
            """);
        var (node, options) = OptionsBinder.BindDaemon<ConmonOptions>(doc, "conmon");
        var handlers = new RuntimeHandlers(options, node);
        Assert.Equal(["kata", "runc"], handlers.All.Select(h => h.Name).Order());
        var kata = handlers.Resolve("kata");
        Assert.Equal("/opt/kata/bin/kata-runtime", kata.RuntimePath);
        Assert.Equal("/run/x/kata", kata.RuntimeRoot);
        Assert.Equal(["--root", "/run/x/kata", "--debug"], kata.GlobalArgs);
        Assert.Equal("/usr/bin/conmon", kata.MonitorPath);
        Assert.Equal("runc", handlers.Resolve("").Name);
        Assert.Equal("/run/x/runc", handlers.Resolve("").RuntimeRoot);
        Assert.Contains("[conmon.runtime_handlers.kata]", ConfigPrinter.Print(node, "conmon", options), StringComparison.Ordinal);
    }

    [Fact]
    public void RuntimeHandlers_RelativePathOrBadType_ConfigError()
    {
        var doc = ConfigDocument.FromText("""
            [conmon.runtime_handlers.bad]
            runtime_path = "runc"
            runtime_type = "vm"
            """);
        var e = Assert.Throws<ConfigException>(() => OptionsBinder.BindDaemon<ConmonOptions>(doc, "conmon"));
        Assert.Contains("runtime_path must be an absolute path", e.Message, StringComparison.Ordinal);
        Assert.Contains("runtime_type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownHandler_InvalidArgument()
    {
        var handlers = new RuntimeHandlers(new ConmonOptions(), new NodeOptions());
        var e = Assert.Throws<CriMesh.Common.Errors.CriMeshException>(() => handlers.Resolve("nope"));
        Assert.Equal(CriMesh.Common.Errors.ErrorKind.InvalidArgument, e.Kind);
    }
}
