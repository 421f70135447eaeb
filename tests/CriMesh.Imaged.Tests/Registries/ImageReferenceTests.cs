using CriMesh.Common.Errors;
using CriMesh.Imaged.Registries;

namespace CriMesh.Imaged.Tests.Registries;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36")]
    [InlineData("library/busybox", "docker.io/library/busybox:latest")]
    [InlineData("docker.io/busybox", "docker.io/library/busybox:latest")]
    [InlineData("index.docker.io/library/busybox:1", "docker.io/library/busybox:1")]
    [InlineData("myuser/app:v2", "docker.io/myuser/app:v2")]
    [InlineData("quay.io/coreos/etcd:v3.5", "quay.io/coreos/etcd:v3.5")]
    [InlineData("localhost/app", "localhost/app:latest")]
    [InlineData("127.0.0.1:5000/a/b/c:t_1.x-y", "127.0.0.1:5000/a/b/c:t_1.x-y")]
    [InlineData("registry.example.com:443/ns/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "registry.example.com:443/ns/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("busybox:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "docker.io/library/busybox:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("a__b/c--d/e.f_g", "docker.io/a__b/c--d/e.f_g:latest")]
    public void ParseNormalized_ValidReference_GivesKubeletForm(string text, string expected)
    {
        Assert.Equal(expected, ImageReference.ParseNormalized(text).ToString());
    }

    [Fact]
    public void Parse_ShortName_StaysShortUntilQualified()
    {
        var r = ImageReference.Parse("busybox");
        Assert.True(r.IsShortName);
        Assert.Equal("", r.Registry);
        Assert.Equal("quay.io/busybox:latest", r.Qualify("quay.io").ToString());
        Assert.Equal("docker.io/library/busybox:latest", r.Qualify("docker.io").ToString());
    }

    [Fact]
    public void Parse_DigestOnly_HasNoTag()
    {
        var r = ImageReference.Parse("quay.io/a/b@sha256:" + new string('a', 64));
        Assert.Null(r.Tag);
        Assert.Null(r.TaggedName);
        Assert.NotNull(r.Digest);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Busybox")]
    [InlineData("busybox:")]
    [InlineData("busybox:-bad")]
    [InlineData("busybox@sha256:short")]
    [InlineData("busybox@md5:0123456789abcdef0123456789abcdef")]
    [InlineData("../etc/passwd")]
    [InlineData("quay.io/../../etc")]
    [InlineData("quay.io//a")]
    [InlineData("quay.io/a/")]
    [InlineData("a..b")]
    [InlineData("quay.io:99999999/a")]
    [InlineData("-bad.io/a")]
    [InlineData("a b")]
    [InlineData("a\nb")]
    public void Parse_Malformed_ThrowsInvalidArgument(string text)
    {
        var e = Assert.Throws<CriMeshException>(() => ImageReference.Parse(text));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Parse_TooLongTag_ThrowsInvalidArgument()
    {
        var e = Assert.Throws<CriMeshException>(() => ImageReference.Parse("a:" + new string('t', 129)));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }
}
