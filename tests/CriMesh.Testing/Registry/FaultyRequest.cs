namespace CriMesh.Testing.Registry;

/// <summary>One request a <see cref="FaultyRegistry"/> received.</summary>
/// <param name="Method">GET, HEAD, ...</param>
/// <param name="Path">The path, e.g. <c>/v2/foo/blobs/sha256:...</c> (no query).</param>
/// <param name="Range">The Range header, if any.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Accept">The Accept header, if any.</param>
public sealed record FaultyRequest(string Method, string Path, string? Range, string? Authorization, string? Accept);
