using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Manifests;

namespace CriMesh.Imaged.Tests.Manifests;

public sealed class ImageConfigTests
{
    private static readonly string D1 = "sha256:" + new string('1', 64);

    [Fact]
    public void Parse_Config_ReadsPlatformUserLabelsCreatedAndDiffIds()
    {
        var c = ImageConfig.Parse(Encoding.UTF8.GetBytes($$"""
            {"architecture": "amd64", "os": "linux", "created": "2024-05-06T07:08:09Z",
             "config": {"User": "1000:1000", "Labels": {"a": "b"} },
             "rootfs": {"type": "layers", "diff_ids": ["{{D1}}"]} }
            """), "cfg");
        Assert.Equal(new Platform("linux", "amd64"), c.Platform);
        Assert.Equal("1000:1000", c.User);
        Assert.Equal("b", c.Labels["a"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), c.Created);
        Assert.Equal(D1, Assert.Single(c.DiffIds).ToString());
    }

    [Theory]
    [InlineData("{}", "rootfs")]
    [InlineData("{\"rootfs\": {\"type\": \"files\", \"diff_ids\": []}}", "rootfs.type")]
    [InlineData("{\"rootfs\": {\"type\": \"layers\"}}", "diff_ids")]
    [InlineData("{\"rootfs\": {\"type\": \"layers\", \"diff_ids\": [\"sha256:../x\"]}}", "invalid digest")]
    [InlineData("nope", "not valid json")]
    public void Parse_Malformed_ThrowsInvalidArgument(string json, string expected)
    {
        var e = Assert.Throws<CriMeshException>(() => ImageConfig.Parse(Encoding.UTF8.GetBytes(json), "cfg"));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
