namespace CriMesh.IntegrationTests.Deploy;

/// <summary>A fresh directory under /tmp, removed with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "crimesh-deploy-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    /// <summary>The path of <paramref name="relative"/> inside this directory (a leading '/' is ignored).</summary>
    public string Combine(string relative) => System.IO.Path.Combine(Path, relative.TrimStart('/'));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
