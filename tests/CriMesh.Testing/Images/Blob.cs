namespace CriMesh.Testing.Images;

/// <summary>
/// A content-addressed blob as a registry stores it: a layer (compressed tar), a config, a manifest or an index.
/// </summary>
/// <param name="MediaType">The media type a descriptor pointing at it carries.</param>
/// <param name="Digest">sha256 of <paramref name="Data"/>, <c>sha256:hex</c>.</param>
/// <param name="Data">The bytes.</param>
public sealed record Blob(string MediaType, string Digest, byte[] Data)
{
    /// <summary>The size in bytes.</summary>
    public long Size => Data.LongLength;

    /// <summary>Makes a blob, computing the digest.</summary>
    public static Blob Create(string mediaType, byte[] data) => new(mediaType, Digests.Sha256(data), data);
}
