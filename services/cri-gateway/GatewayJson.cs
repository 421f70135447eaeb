using System.Text.Json.Serialization;

namespace CriMesh.Gateway;

/// <summary>Source-generated JSON for the verbose info maps (no reflection, NativeAOT-ready).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Pods.PodVerboseInfo))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class GatewayJson : JsonSerializerContext;
