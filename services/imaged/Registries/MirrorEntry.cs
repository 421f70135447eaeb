namespace CriMesh.Imaged.Registries;

/// <summary>One <c>[[registry.mirror]]</c>: a location tried before its registry.</summary>
/// <param name="PullFromMirror"><c>all</c>, <c>digest-only</c> or <c>tag-only</c>.</param>
public sealed record MirrorEntry(string Location, bool Insecure = false, string PullFromMirror = "all");
