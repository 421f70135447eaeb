using System.IO.Compression;
using CriMesh.Common.Errors;
using CriMesh.Common.Images;
using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Pull;

namespace CriMesh.Imaged.Tests.Pull;

public sealed class DiffIdVerifierTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-diffid-").FullName;
    private readonly byte[] _plain = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7 % 251)).ToArray();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private byte[] Gzip()
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest))
        {
            gz.Write(_plain);
        }
        return ms.ToArray();
    }

    private byte[] Zstd()
    {
        using var c = new ZstdSharp.Compressor(3);
        return c.Wrap(_plain).ToArray();
    }

    [Theory]
    [InlineData(LayerMediaTypes.OciLayerGzip)]
    [InlineData(LayerMediaTypes.DockerLayerGzip)]
    [InlineData(LayerMediaTypes.OciLayerZstd)]
    [InlineData(LayerMediaTypes.OciLayer)]
    public async Task VerifyAsync_MatchingDiffId_Passes(string mediaType)
    {
        var blob = mediaType.EndsWith("gzip", StringComparison.Ordinal) ? Gzip()
            : mediaType.EndsWith("zstd", StringComparison.Ordinal) ? Zstd() : _plain;
        var path = Write("blob", blob);
        await DiffIdVerifier.VerifyAsync(path, mediaType, Digest.Sha256(blob), Digest.Sha256(_plain), default);
    }

    [Fact]
    public async Task VerifyAsync_WrongDiffId_ThrowsDataLossNamingBlob()
    {
        var blob = Gzip();
        var path = Write("blob", blob);
        var blobDigest = Digest.Sha256(blob);
        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            DiffIdVerifier.VerifyAsync(path, LayerMediaTypes.OciLayerGzip, blobDigest, Digest.Sha256([1, 2, 3]), default));
        Assert.Equal(ErrorKind.DataLoss, e.Kind);
        Assert.Contains(blobDigest.ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CorruptGzip_ThrowsDataLoss()
    {
        var blob = Gzip();
        blob[blob.Length / 2] ^= 0xff;
        blob[(blob.Length / 2) + 1] ^= 0xff;
        var path = Write("blob", blob);
        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            DiffIdVerifier.VerifyAsync(path, LayerMediaTypes.OciLayerGzip, Digest.Sha256(blob), Digest.Sha256(_plain), default));
        Assert.Equal(ErrorKind.DataLoss, e.Kind);
    }
}
