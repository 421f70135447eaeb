namespace CriMesh.Imaged.Registries;

/// <summary>The effective registry configuration: files merged, crimesh.toml overrides applied.</summary>
public sealed record RegistriesConfig(IReadOnlyList<RegistryEntry> Registries, IReadOnlyList<string> UnqualifiedSearchRegistries)
{
    public static RegistriesConfig Empty { get; } = new([], []);
}
