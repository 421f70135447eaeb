using System.Text.Json.Serialization;

namespace CriMesh.Gateway.Containers.Spec.Oci;

/// <summary>
/// The parts of an OCI / Docker image config document (application/vnd.oci.image.config.v1+json) that shape
/// a container: the <c>config</c> object. Docker's capitalised names are the OCI ones.
/// </summary>
public sealed class ImageConfigFile
{
    [JsonPropertyName("config")] public ImageRunConfig? Config { get; set; }
}

/// <summary>The execution parameters an image proposes.</summary>
public sealed class ImageRunConfig
{
    [JsonPropertyName("User")] public string? User { get; set; }
    [JsonPropertyName("Env")] public List<string>? Env { get; set; }
    [JsonPropertyName("Entrypoint")] public List<string>? Entrypoint { get; set; }
    [JsonPropertyName("Cmd")] public List<string>? Cmd { get; set; }
    [JsonPropertyName("WorkingDir")] public string? WorkingDir { get; set; }
    [JsonPropertyName("StopSignal")] public string? StopSignal { get; set; }
    [JsonPropertyName("Labels")] public Dictionary<string, string>? Labels { get; set; }
}
