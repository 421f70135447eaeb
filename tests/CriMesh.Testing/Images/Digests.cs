using System.Security.Cryptography;

namespace CriMesh.Testing.Images;

/// <summary>Content digests in the <c>sha256:&lt;64 lowercase hex&gt;</c> form.</summary>
public static class Digests
{
    /// <summary>The sha256 digest of <paramref name="data"/>.</summary>
    public static string Sha256(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The sha256 digest of a stream's remaining content.</summary>
    public static string Sha256(Stream data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The hex part of a digest (after <c>sha256:</c>).</summary>
    public static string Hex(string digest) => digest[(digest.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
