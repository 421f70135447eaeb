using System.Text.Json.Serialization;

namespace CriMesh.Gateway.Containers.Spec.Oci;

/// <summary>The Linux section (<c>linux</c> in config.json).</summary>
public sealed class OciLinux
{
    [JsonPropertyName("namespaces")] public List<OciNamespace> Namespaces { get; set; } = [];
    [JsonPropertyName("devices")] public List<OciDevice>? Devices { get; set; }
    [JsonPropertyName("cgroupsPath")] public string? CgroupsPath { get; set; }
    [JsonPropertyName("resources")] public OciResources Resources { get; set; } = new();
    [JsonPropertyName("rootfsPropagation")] public string? RootfsPropagation { get; set; }
    [JsonPropertyName("maskedPaths")] public List<string>? MaskedPaths { get; set; }
    [JsonPropertyName("readonlyPaths")] public List<string>? ReadonlyPaths { get; set; }
}

/// <summary>A namespace: created when <c>path</c> is absent, joined when it names a namespace file.</summary>
public sealed class OciNamespace
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("path")] public string? Path { get; set; }
}

/// <summary>A device node created in the container's /dev.</summary>
public sealed class OciDevice
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("major")] public long Major { get; set; }
    [JsonPropertyName("minor")] public long Minor { get; set; }
    [JsonPropertyName("fileMode")] public uint? FileMode { get; set; }
    [JsonPropertyName("uid")] public uint? Uid { get; set; }
    [JsonPropertyName("gid")] public uint? Gid { get; set; }
}
