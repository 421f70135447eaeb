using CriMesh.Imaged.Distribution;
using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Registries;

namespace CriMesh.Imaged.Pull;

/// <summary>A resolved pull: where from, what was asked for, and the image manifest chosen.</summary>
internal sealed record ResolvedImage(
    RegistrySession Session,
    ImageReference Reference,
    FetchedManifest Top,
    FetchedManifest Manifest,
    ImageManifest Parsed);
