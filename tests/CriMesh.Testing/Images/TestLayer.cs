namespace CriMesh.Testing.Images;

/// <summary>One layer of a built image: the uncompressed tar, its diff ID, and the (compressed) blob.</summary>
/// <param name="Tar">The uncompressed tar, e.g. for storaged tests that apply layers without a registry.</param>
/// <param name="DiffId">sha256 of <paramref name="Tar"/> (what the config's <c>rootfs.diff_ids</c> lists).</param>
/// <param name="Compression">How <paramref name="Blob"/> is compressed.</param>
/// <param name="Blob">The blob as pushed (digest = sha256 of the compressed bytes, media type as in the manifest).</param>
public sealed record TestLayer(byte[] Tar, string DiffId, LayerCompression Compression, Blob Blob);
