using System.Text;
using CriMesh.Common.Errors;
using CriMesh.Common.Images;
using CriMesh.Imaged.Manifests;

namespace CriMesh.Imaged.Tests.Manifests;

public sealed class ManifestParserTests
{
    private static readonly string D1 = "sha256:" + new string('1', 64);
    private static readonly string D2 = "sha256:" + new string('2', 64);

    private static ImageManifest Parse(string json, string? contentType = null) =>
        ManifestParser.Parse(Encoding.UTF8.GetBytes(json), contentType, "test/image:1");

    private static string Manifest(string mediaType, string layerType, string extraLayerFields = "") => $$"""
        {"schemaVersion": 2, "mediaType": "{{mediaType}}",
         "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "{{D1}}", "size": 100},
         "layers": [{"mediaType": "{{layerType}}", "digest": "{{D2}}", "size": 2000{{extraLayerFields}}}]}
        """;

    [Theory]
    [InlineData(MediaTypes.OciManifest, LayerMediaTypes.OciLayerGzip)]
    [InlineData(MediaTypes.OciManifest, LayerMediaTypes.OciLayerZstd)]
    [InlineData(MediaTypes.OciManifest, LayerMediaTypes.OciLayer)]
    [InlineData(MediaTypes.DockerManifest, LayerMediaTypes.DockerLayerGzip)]
    public void Parse_ImageManifest_ReadsConfigAndLayers(string mediaType, string layerType)
    {
        var m = Parse(Manifest(mediaType, layerType));
        Assert.Equal(ManifestKind.Image, m.Kind);
        Assert.Equal(mediaType, m.MediaType);
        Assert.Equal(D1, m.Config!.Digest.ToString());
        var layer = Assert.Single(m.Layers);
        Assert.Equal((D2, 2000L), (layer.Digest.ToString(), layer.Size));
        Assert.True(LayerMediaTypes.IsLayer(layer.MediaType));
    }

    [Fact]
    public void Parse_NoMediaTypeField_UsesContentType()
    {
        var json = Manifest(MediaTypes.OciManifest, LayerMediaTypes.OciLayerGzip).Replace($"\"mediaType\": \"{MediaTypes.OciManifest}\",", "", StringComparison.Ordinal);
        Assert.Equal(MediaTypes.DockerManifest, Parse(json, MediaTypes.DockerManifest + "; charset=utf-8").MediaType);
    }

    [Theory]
    [InlineData(MediaTypes.OciIndex)]
    [InlineData(MediaTypes.DockerManifestList)]
    public void Parse_Index_ReadsPlatforms(string mediaType)
    {
        var m = Parse($$"""
            {"schemaVersion": 2, "mediaType": "{{mediaType}}", "manifests": [
              {"mediaType": "{{MediaTypes.OciManifest}}", "digest": "{{D1}}", "size": 5, "platform": {"os": "linux", "architecture": "arm", "variant": "v7"} },
              {"mediaType": "{{MediaTypes.OciManifest}}", "digest": "{{D2}}", "size": 6, "platform": {"os": "linux", "architecture": "amd64"} }]}
            """);
        Assert.Equal(ManifestKind.Index, m.Kind);
        Assert.Equal([new Platform("linux", "arm", "v7"), new Platform("linux", "amd64")], m.Manifests.Select(x => x.Platform));
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 1, \"name\": \"a\", \"fsLayers\": []}", null)]
    [InlineData("{\"name\": \"a\"}", MediaTypes.DockerSchema1Signed)]
    public void Parse_Schema1_ThrowsUnimplementedSayingUnsupported(string json, string? contentType)
    {
        var e = Assert.Throws<CriMeshException>(() => Parse(json, contentType));
        Assert.Equal(ErrorKind.Unimplemented, e.Kind);
        Assert.Contains("schema1", e.Message, StringComparison.Ordinal);
        Assert.Contains("unsupported", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/vnd.oci.image.layer.v1.tar+gzip/../../../etc/passwd")]
    [InlineData("../../etc/passwd")]
    [InlineData("application/x\u0000y")]
    [InlineData("application/ x")]
    [InlineData("")]
    public void Parse_HostileLayerMediaType_ThrowsInvalidArgument(string layerType)
    {
        var e = Assert.Throws<CriMeshException>(() => Parse(Manifest(MediaTypes.OciManifest, layerType.Replace("\u0000", "\\u0000", StringComparison.Ordinal))));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("media type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownButWellFormedLayerType_ThrowsUnimplemented()
    {
        var e = Assert.Throws<CriMeshException>(() => Parse(Manifest(MediaTypes.OciManifest, "application/vnd.example.layer+lz4")));
        Assert.Equal(ErrorKind.Unimplemented, e.Kind);
        Assert.Contains(D2, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("../../blobs/x")]
    [InlineData("https://example.com/../../x")]
    [InlineData("ftp://example.com/x")]
    public void Parse_HostileUrl_ThrowsInvalidArgument(string url)
    {
        var e = Assert.Throws<CriMeshException>(() => Parse(Manifest(MediaTypes.OciManifest, LayerMediaTypes.OciLayerGzip, $", \"urls\": [\"{url}\"]")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("url", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HttpsUrl_IsAccepted() =>
        Assert.Single(Parse(Manifest(MediaTypes.OciManifest, LayerMediaTypes.OciLayerGzip, ", \"urls\": [\"https://cdn.example.com/blob\"]")).Layers);

    [Theory]
    [InlineData("sha256:../../../etc/passwd")]
    [InlineData("sha256:ABCDEF")]
    [InlineData("md5:0123")]
    [InlineData("")]
    public void Parse_BadDigest_ThrowsInvalidArgument(string digest)
    {
        var json = Manifest(MediaTypes.OciManifest, LayerMediaTypes.OciLayerGzip).Replace(D2, digest, StringComparison.Ordinal);
        var e = Assert.Throws<CriMeshException>(() => Parse(json));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\": 2}")]
    [InlineData("{\"schemaVersion\": 2, \"config\": {}, \"layers\": []}")]
    [InlineData("{\"schemaVersion\": 2, \"mediaType\": \"text/html\", \"layers\": []}")]
    public void Parse_Malformed_ThrowsInvalidArgument(string json)
    {
        var e = Assert.Throws<CriMeshException>(() => Parse(json));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("test/image:1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NegativeSize_ThrowsInvalidArgument()
    {
        var e = Assert.Throws<CriMeshException>(() => Parse(Manifest(MediaTypes.OciManifest, LayerMediaTypes.OciLayerGzip).Replace("2000", "-1", StringComparison.Ordinal)));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }
}
