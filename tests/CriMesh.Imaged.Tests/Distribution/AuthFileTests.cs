using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Distribution;

namespace CriMesh.Imaged.Tests.Distribution;

public sealed class AuthFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-authfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Lookup_MostSpecificKeyWins()
    {
        var path = Path.Combine(_dir, "auth.json");
        File.WriteAllText(path, $$"""
            {"auths": {
              "reg.io": {"auth": "{{B64("host:pw1")}}"},
              "reg.io/team": {"auth": "{{B64("team:pw2")}}"},
              "https://index.docker.io/v1/": {"auth": "{{B64("hub:pw:with:colons")}}"},
              "tok.io": {"identitytoken": "refresh-me"}
            } }
            """);
        var file = new AuthFile(path);
        Assert.Equal("team", file.Lookup("reg.io", "team/app")!.Username);
        Assert.Equal("host", file.Lookup("reg.io", "other/app")!.Username);
        Assert.Equal("host", file.Lookup("reg.io", "teamx/app")!.Username);
        var hub = file.Lookup("docker.io", "library/busybox")!;
        Assert.Equal(("hub", "pw:with:colons"), (hub.Username, hub.Password));
        Assert.Equal("refresh-me", file.Lookup("tok.io", "a")!.IdentityToken);
        Assert.Null(file.Lookup("none.io", "a"));
    }

    [Fact]
    public void Lookup_FileChanged_IsReRead()
    {
        var path = Path.Combine(_dir, "auth.json");
        File.WriteAllText(path, $$"""{"auths": {"a.io": {"auth": "{{B64("one:1")}}"} } }""");
        var file = new AuthFile(path);
        Assert.Equal("one", file.Lookup("a.io", "x")!.Username);
        File.WriteAllText(path, $$"""{"auths": {"a.io": {"auth": "{{B64("second:22")}}"} } }""");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("second", file.Lookup("a.io", "x")!.Username);
    }

    [Fact]
    public void Lookup_MissingFile_IsNull() => Assert.Null(new AuthFile(Path.Combine(_dir, "none.json")).Lookup("a.io", "x"));

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"auths\": {\"a.io\": {\"auth\": \"%%%\"}}}")]
    [InlineData("{\"auths\": {\"a.io\": {\"auth\": \"bm9jb2xvbg==\"}}}")]
    public void Parse_Malformed_ThrowsInvalidArgument(string text)
    {
        var e = Assert.Throws<CriMeshException>(() => AuthFile.Parse(Encoding.UTF8.GetBytes(text), "x.json"));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("x.json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("registry-1.docker.io", "docker.io")]
    [InlineData("http://127.0.0.1:5000", "127.0.0.1:5000")]
    [InlineData("reg.io/ns/", "reg.io/ns")]
    public void NormalizeKey_StripsSchemeAndLegacyPaths(string key, string expected) => Assert.Equal(expected, AuthFile.NormalizeKey(key));
}
