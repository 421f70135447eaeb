using System.Text.Json.Serialization;

namespace CriMesh.Gateway.Containers.Spec.Oci;

// The OCI runtime spec (config.json) types the gateway writes, as plain records. Only the fields CriMesh
// sets are modelled; names follow the OCI runtime-spec 1.0.2 JSON exactly. The records are grouped in a
// few files by spec section (process, mounts, linux) rather than one per file: they are a schema, and
// reading a section in one place is clearer.

/// <summary>The top-level config.json.</summary>
public sealed class OciSpec
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; set; } = "1.0.2";
    [JsonPropertyName("process")] public OciProcess Process { get; set; } = new();
    [JsonPropertyName("root")] public OciRoot Root { get; set; } = new();
    [JsonPropertyName("hostname")] public string? Hostname { get; set; }
    [JsonPropertyName("mounts")] public List<OciMount> Mounts { get; set; } = [];
    [JsonPropertyName("annotations")] public SortedDictionary<string, string>? Annotations { get; set; }
    [JsonPropertyName("linux")] public OciLinux Linux { get; set; } = new();
}

/// <summary>The container's root filesystem: <c>path</c> is absolute (storaged's overlay mount point).</summary>
public sealed class OciRoot
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("readonly")] public bool? Readonly { get; set; }
}

/// <summary>One mount, in the order runc performs them.</summary>
public sealed class OciMount
{
    [JsonPropertyName("destination")] public string Destination { get; set; } = "";
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("source")] public string? Source { get; set; }
    [JsonPropertyName("options")] public List<string>? Options { get; set; }
}
