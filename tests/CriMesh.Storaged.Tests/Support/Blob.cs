namespace CriMesh.Storaged.Tests.Support;

/// <summary>A layer blob in a content store, as imaged keeps it.</summary>
internal sealed record Blob(string Path, string MediaType, string DiffId)
{
    /// <summary>The blob's digest, read from its content-store path (&lt;store&gt;/sha256/&lt;hex&gt;).</summary>
    public string Digest => "sha256:" + System.IO.Path.GetFileName(Path);
}
