namespace CriMesh.Imaged.Manifests;

/// <summary>An OCI content descriptor as read from a manifest or index (already validated).</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size, Platform? Platform = null);
