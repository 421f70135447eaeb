namespace CriMesh.Imaged.Store;

/// <summary>Write-to-temp, fsync, rename: a reader sees the old file or the new one, never a mix.</summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, string tmpDir)
    {
        var tmp = Path.Combine(tmpDir, $"{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var f = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                f.Write(content);
                f.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }
}
