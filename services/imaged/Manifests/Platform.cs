namespace CriMesh.Imaged.Manifests;

/// <summary>An image platform: os, architecture and the optional architecture variant.</summary>
public sealed record Platform(string Os, string Architecture, string Variant = "")
{
    public override string ToString() => Variant.Length > 0 ? $"{Os}/{Architecture}/{Variant}" : $"{Os}/{Architecture}";
}
