using System.Text.Json.Serialization;

namespace CriMesh.Storaged.Store;

/// <summary>Source-generated JSON for the record files (no reflection, NativeAOT-ready).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(UnpackedLayerRecord))]
[JsonSerializable(typeof(ImageHoldRecord))]
[JsonSerializable(typeof(RootfsRecord))]
[JsonSerializable(typeof(LeaseRecord))]
internal sealed partial class StoreJson : JsonSerializerContext;
