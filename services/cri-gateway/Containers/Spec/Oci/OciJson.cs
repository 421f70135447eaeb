using System.Text.Json;
using System.Text.Json.Serialization;

namespace CriMesh.Gateway.Containers.Spec.Oci;

/// <summary>Source-generated JSON for config.json, the image config and resource updates (NativeAOT-ready).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(OciSpec))]
[JsonSerializable(typeof(OciResources))]
[JsonSerializable(typeof(ImageConfigFile))]
internal sealed partial class OciJson : JsonSerializerContext
{
    /// <summary>config.json text for <paramref name="spec"/>.</summary>
    public static string Serialize(OciSpec spec) => JsonSerializer.Serialize(spec, Default.OciSpec);

    /// <summary>The run config of an image config document; an empty one when the document has none.</summary>
    public static ImageRunConfig ParseImageConfig(string json) =>
        (json.Length == 0 ? null : JsonSerializer.Deserialize(json, Default.ImageConfigFile))?.Config ?? new ImageRunConfig();
}
