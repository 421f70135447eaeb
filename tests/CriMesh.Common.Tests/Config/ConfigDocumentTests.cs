using CriMesh.Common.Config;

namespace CriMesh.Common.Tests.Config;

public sealed class ConfigDocumentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_AbsentFileAndDropIns_GivesDefaults()
    {
        var doc = ConfigDocument.Load(Path.Combine(_dir, "missing.toml"));

        var node = OptionsBinder.BindNode(doc);

        Assert.Empty(doc.Files);
        Assert.Equal(new NodeOptions(), node);
        Assert.Equal("/run/crimesh/crimesh.sock", node.SocketPath("gateway"));
        Assert.Equal("/run/crimesh/imaged.sock", node.SocketPath("imaged"));
        Assert.Equal("/var/lib/crimesh/storaged", node.DaemonStateDir("storaged"));
    }

    [Fact]
    public void Load_DropIns_AppliedInLexicalOrderAfterMainFile()
    {
        var main = Write("crimesh.toml", "run_dir = \"/main\"\nstate_dir = \"/main-state\"\n[netd]\ncni_conf_dir = \"/main-cni\"\n");
        Write("crimesh.d/20-b.toml", "run_dir = \"/b\"\n");
        Write("crimesh.d/10-a.toml", "run_dir = \"/a\"\n[netd]\ncni_bin_dirs = [\"/a-bin\"]\n");
        Write("crimesh.d/ignored.conf", "run_dir = \"/never\"\n");

        var doc = ConfigDocument.Load(main);
        var node = OptionsBinder.BindNode(doc);

        Assert.Equal(["crimesh.toml", "10-a.toml", "20-b.toml"], doc.Files.Select(Path.GetFileName));
        Assert.Equal("/b", node.RunDir);
        Assert.Equal("/main-state", node.StateDir);
        var netd = doc.Table("netd")!;
        Assert.Equal("/main-cni", netd["cni_conf_dir"]);
        Assert.Equal(Path.Combine(_dir, "crimesh.d", "10-a.toml"), doc.OriginOf("netd.cni_bin_dirs"));
        Assert.Equal(Path.Combine(_dir, "crimesh.d", "20-b.toml"), doc.OriginOf("run_dir"));
    }

    [Fact]
    public void Load_ExplicitDropInDir_IsUsedInsteadOfSibling()
    {
        var main = Write("crimesh.toml", "run_dir = \"/main\"\n");
        Write("crimesh.d/10.toml", "run_dir = \"/sibling\"\n");
        Write("other/10.toml", "run_dir = \"/other\"\n");

        var node = OptionsBinder.BindNode(ConfigDocument.Load(main, Path.Combine(_dir, "other")));

        Assert.Equal("/other", node.RunDir);
    }

    [Fact]
    public void Load_InvalidToml_NamesFileAndLine()
    {
        var main = Write("crimesh.toml", "run_dir = \"/x\"\nstate_dir = = 1\n");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(main));

        Assert.StartsWith($"{main}:2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid TOML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateKey_IsAnError()
    {
        var main = Write("crimesh.toml", "run_dir = \"/x\"\nrun_dir = \"/y\"\n");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(main));

        Assert.Contains(main, e.Message, StringComparison.Ordinal);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
