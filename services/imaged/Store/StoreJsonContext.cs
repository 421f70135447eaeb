using System.Text.Json.Serialization;

namespace CriMesh.Imaged.Store;

/// <summary>Source-generated JSON for the store index (no reflection; NativeAOT-ready).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(StoreIndex))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
