using System.Text.Json.Serialization;

namespace CriMesh.Imaged.Manifests;

/// <summary>Source-generated JSON for the few values the manifest code serializes.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
