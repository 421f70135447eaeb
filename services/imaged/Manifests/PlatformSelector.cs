using System.Runtime.InteropServices;
using CriMesh.Common.Errors;

namespace CriMesh.Imaged.Manifests;

/// <summary>Picks the manifest for a platform from an index, the way container runtimes do.</summary>
public static class PlatformSelector
{
    /// <summary>The platform of this host in OCI terms (GOARCH names).</summary>
    public static Platform Host { get; } = DetectHost();

    /// <summary>
    /// The best entry of <paramref name="entries"/> for <paramref name="wanted"/>: same os and architecture,
    /// and the same variant, else one without a variant, else (for arm64) the default v8. NotFound when none fits.
    /// </summary>
    public static Descriptor Select(IReadOnlyList<Descriptor> entries, Platform wanted, string source)
    {
        Descriptor? fallback = null;
        foreach (var e in entries)
        {
            if (e.Platform is not { } p || p.Os != wanted.Os || p.Architecture != wanted.Architecture)
            {
                continue;
            }
            if (Normalize(p) == Normalize(wanted))
            {
                return e;
            }
            if (p.Variant.Length == 0 || wanted.Variant.Length == 0)
            {
                fallback ??= e;
            }
        }
        if (fallback is not null)
        {
            return fallback;
        }
        var available = string.Join(", ", entries.Select(e => e.Platform?.ToString() ?? "(no platform)"));
        throw CriMeshException.NotFound($"no image for platform {wanted} in index of {source} (it has: {available})");
    }

    private static string Normalize(Platform p) => p.Architecture == "arm64" && p.Variant.Length == 0 ? "v8" : p.Variant;

    private static Platform DetectHost() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => new Platform("linux", "amd64"),
        Architecture.Arm64 => new Platform("linux", "arm64", "v8"),
        Architecture.Arm => new Platform("linux", "arm", "v7"),
        Architecture.X86 => new Platform("linux", "386"),
        Architecture.S390x => new Platform("linux", "s390x"),
        Architecture.Ppc64le => new Platform("linux", "ppc64le"),
        Architecture.RiscV64 => new Platform("linux", "riscv64"),
        Architecture.LoongArch64 => new Platform("linux", "loong64"),
        _ => new Platform("linux", RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()),
    };
}
