using System.Text.Json.Serialization;

namespace CriMesh.Netd.Pods;

/// <summary>Source-generated JSON for <see cref="PodRecord"/> (AOT-clean).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(PodRecord))]
internal sealed partial class PodRecordJsonContext : JsonSerializerContext;
