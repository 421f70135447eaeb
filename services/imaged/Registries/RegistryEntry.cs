namespace CriMesh.Imaged.Registries;

/// <summary>One <c>[[registry]]</c> of registries.conf v2.</summary>
/// <param name="Prefix">What references it applies to: a registry/namespace prefix, or <c>*.domain</c>.</param>
/// <param name="Location">Where such references are pulled from (the prefix replaced by it).</param>
public sealed record RegistryEntry(
    string Prefix,
    string Location,
    bool Insecure = false,
    bool Blocked = false,
    bool MirrorByDigestOnly = false,
    IReadOnlyList<MirrorEntry>? Mirrors = null)
{
    public IReadOnlyList<MirrorEntry> MirrorList => Mirrors ?? [];

    public bool IsWildcard => Prefix.StartsWith("*.", StringComparison.Ordinal);
}
