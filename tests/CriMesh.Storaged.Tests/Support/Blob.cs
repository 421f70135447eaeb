namespace CriMesh.Storaged.Tests.Support;

/// <summary>A layer blob on disk as imaged would hand it over.</summary>
internal sealed record Blob(string Path, string MediaType, string DiffId);
