namespace CriMesh.Testing.Images;

/// <summary>An image platform as OCI names it (GOOS / GOARCH / variant).</summary>
/// <param name="Os">e.g. <c>linux</c>.</param>
/// <param name="Architecture">e.g. <c>amd64</c>, <c>arm64</c>, <c>arm</c>.</param>
/// <param name="Variant">e.g. <c>v7</c> for arm, or null.</param>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>linux/amd64.</summary>
    public static Platform LinuxAmd64 { get; } = new("linux", "amd64");

    /// <summary>linux/arm64 (variant v8 left out, as most registries' images do).</summary>
    public static Platform LinuxArm64 { get; } = new("linux", "arm64");

    /// <summary>linux/arm/v7.</summary>
    public static Platform LinuxArmV7 { get; } = new("linux", "arm", "v7");

    /// <summary>The platform of this machine (whose busybox runs here).</summary>
    public static Platform Host { get; } = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => LinuxAmd64,
        System.Runtime.InteropServices.Architecture.Arm64 => LinuxArm64,
        System.Runtime.InteropServices.Architecture.Arm => LinuxArmV7,
        var other => new Platform("linux", other.ToString().ToLowerInvariant()),
    };

    /// <summary><c>os/arch[/variant]</c>.</summary>
    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
