using CriMesh.Imaged.Manifests;

namespace CriMesh.Imaged.Distribution;

/// <summary>A manifest as the registry sent it: the exact bytes, the Content-Type and their digest.</summary>
public sealed record FetchedManifest(byte[] Content, string? ContentType, Digest Digest);
