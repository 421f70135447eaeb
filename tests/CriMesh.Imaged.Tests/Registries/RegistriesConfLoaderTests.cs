using CriMesh.Common.Errors;
using CriMesh.Imaged.Options;
using CriMesh.Imaged.Registries;

namespace CriMesh.Imaged.Tests.Registries;

public sealed class RegistriesConfLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-regconf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ImagedOptions Options(string main, params (string Name, string Text)[] dropIns)
    {
        File.WriteAllText(Path.Combine(_dir, "registries.conf"), main);
        var d = Path.Combine(_dir, "registries.conf.d");
        Directory.CreateDirectory(d);
        foreach (var (name, text) in dropIns)
        {
            File.WriteAllText(Path.Combine(d, name), text);
        }
        return new ImagedOptions { RegistriesConf = Path.Combine(_dir, "registries.conf"), RegistriesConfDir = d };
    }

    [Fact]
    public void Load_FullV2File_ReadsEveryField()
    {
        var config = RegistriesConfLoader.Load(Options("""
            unqualified-search-registries = ["quay.io", "docker.io"]

            [[registry]]
            prefix = "example.com/foo"
            location = "internal.example.com:5000/bar"
            insecure = true
            mirror-by-digest-only = true

            [[registry.mirror]]
            location = "mirror-1.local/foo"
            pull-from-mirror = "digest-only"

            [[registry.mirror]]
            location = "mirror-2.local:8080"
            insecure = true

            [[registry]]
            location = "blocked.io"
            blocked = true

            [[registry]]
            prefix = "*.wild.io"
            insecure = true
            """));
        Assert.Equal(["quay.io", "docker.io"], config.UnqualifiedSearchRegistries);
        Assert.Equal(3, config.Registries.Count);
        var foo = config.Registries[0];
        Assert.Equal(("example.com/foo", "internal.example.com:5000/bar", true, true), (foo.Prefix, foo.Location, foo.Insecure, foo.MirrorByDigestOnly));
        Assert.Equal([new MirrorEntry("mirror-1.local/foo", false, "digest-only"), new MirrorEntry("mirror-2.local:8080", true, "all")], foo.MirrorList);
        Assert.Equal(("blocked.io", "blocked.io", true), (config.Registries[1].Prefix, config.Registries[1].Location, config.Registries[1].Blocked));
        Assert.True(config.Registries[2].IsWildcard);
    }

    [Fact]
    public void Load_DropIns_ReplaceSamePrefixAndSearchListInNameOrder()
    {
        var config = RegistriesConfLoader.Load(Options("""
            unqualified-search-registries = ["docker.io"]
            [[registry]]
            location = "a.io"
            [[registry]]
            location = "b.io"
            """,
            ("20-late.conf", "unqualified-search-registries = [\"late.io\"]\n"),
            ("10-early.conf", "unqualified-search-registries = [\"early.io\"]\n[[registry]]\nlocation = \"a.io\"\ninsecure = true\n"),
            ("ignored.txt", "this is not toml at all = = =")));
        Assert.Equal(["late.io"], config.UnqualifiedSearchRegistries);
        Assert.Equal(2, config.Registries.Count);
        Assert.True(config.Registries.Single(r => r.Prefix == "a.io").Insecure);
        Assert.False(config.Registries.Single(r => r.Prefix == "b.io").Insecure);
    }

    [Fact]
    public void Load_NoFiles_IsEmpty()
    {
        var config = RegistriesConfLoader.Load(new ImagedOptions { RegistriesConf = Path.Combine(_dir, "absent"), RegistriesConfDir = Path.Combine(_dir, "absent.d") });
        Assert.Empty(config.Registries);
        Assert.Empty(config.UnqualifiedSearchRegistries);
    }

    [Fact]
    public void Load_TomlOverrides_AddInsecureBlockedMirrorsAndSearch()
    {
        var options = Options("[[registry]]\nlocation = \"a.io\"\n") with
        {
            InsecureRegistries = ["127.0.0.1:5000"],
            BlockedRegistries = ["a.io"],
            RegistryMirrors = new() { ["docker.io"] = "m1.local, m2.local" },
            UnqualifiedSearchRegistries = ["127.0.0.1:5000"],
        };
        var config = RegistriesConfLoader.Load(options);
        Assert.True(config.Registries.Single(r => r.Prefix == "a.io").Blocked);
        Assert.True(config.Registries.Single(r => r.Prefix == "127.0.0.1:5000").Insecure);
        Assert.Equal(["m1.local", "m2.local"], config.Registries.Single(r => r.Prefix == "docker.io").MirrorList.Select(m => m.Location));
        Assert.Equal(["127.0.0.1:5000"], config.UnqualifiedSearchRegistries);
    }

    [Theory]
    [InlineData("[registries.search]\nregistries = [\"docker.io\"]\n", "v1 format")]
    [InlineData("[[registry]]\nlocation = \"https://a.io\"\n", "not a host")]
    [InlineData("[[registry]]\nlocation = \"a.io/../../etc\"\n", "not a host")]
    [InlineData("[[registry]]\ninsecure = true\n", "neither prefix nor location")]
    [InlineData("[[registry]]\nlocation = \"a.io\"\ninsecure = \"yes\"\n", "must be true or false")]
    [InlineData("[[registry]]\nprefix = \"*.a.io/x\"\n", "wildcard")]
    [InlineData("[[registry]]\nlocation = \"a.io\"\n[[registry.mirror]]\nlocation = \"m.io\"\npull-from-mirror = \"sometimes\"\n", "pull-from-mirror")]
    [InlineData("unqualified-search-registries = \"docker.io\"\n", "array of strings")]
    [InlineData("this = = broken", "invalid toml")]
    public void ParseFile_Malformed_ThrowsInvalidArgumentNamingTheProblem(string text, string expected)
    {
        var e = Assert.Throws<CriMeshException>(() => RegistriesConfLoader.ParseFile(text, "test.conf"));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.conf", e.Message, StringComparison.Ordinal);
    }
}
