using System.Security.Cryptography;
using CriMesh.Common.Errors;

namespace CriMesh.Common.Images;

/// <summary>
/// A content digest <c>algorithm:hex</c>. Only sha256 and sha512 with lowercase hex of the exact length
/// are accepted, so a digest can safely become a file name.
/// </summary>
public readonly record struct Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }

    public string Hex { get; }

    public override string ToString() => $"{Algorithm}:{Hex}";

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        if (text is null)
        {
            return false;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var length = algorithm switch
        {
            "sha256" => 64,
            "sha512" => 128,
            _ => -1,
        };
        if (hex.Length != length || !hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return false;
        }
        digest = new Digest(algorithm, hex);
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws InvalidArgument naming <paramref name="what"/>.</summary>
    public static Digest Parse(string? text, string what) =>
        TryParse(text, out var d) ? d : throw CriMeshException.Invalid($"{what} has an invalid digest \"{text}\"");

    /// <summary>True when <paramref name="text"/> is "sha256:" and 64 lowercase hex digits (chain IDs, diff_ids).</summary>
    public static bool IsSha256(string text) =>
        text.Length == 71 && text.StartsWith("sha256:", StringComparison.Ordinal)
        && text.AsSpan(7).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>Throws InvalidArgument naming <paramref name="what"/> unless <see cref="IsSha256"/>.</summary>
    public static void RequireSha256(string text, string what)
    {
        if (!IsSha256(text))
        {
            throw CriMeshException.Invalid($"{what} \"{text}\" is not a sha256 digest (sha256:<64 hex digits>)");
        }
    }

    public static Digest Sha256(ReadOnlySpan<byte> content) =>
        new("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));

    public static Digest FromHash(string algorithm, byte[] hash) => new(algorithm, Convert.ToHexStringLower(hash));

    /// <summary>An incremental hasher for this digest's algorithm.</summary>
    public IncrementalHash CreateHasher() => IncrementalHash.CreateHash(
        Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);

    /// <summary>True when <paramref name="content"/> hashes to this digest.</summary>
    public bool Matches(ReadOnlySpan<byte> content)
    {
        var hash = Algorithm == "sha512" ? SHA512.HashData(content) : SHA256.HashData(content);
        return Convert.ToHexStringLower(hash) == Hex;
    }
}
