namespace CriMesh.Imaged.Store;

/// <summary>
/// The modes of the image store: directories 0700 and files 0600, because blobs and configs are private
/// (a config may carry secrets in its environment). <see cref="Repair"/> brings a store written by an older
/// imaged (0755 / 0644) to these modes at start.
/// </summary>
public static class StorePermissions
{
    public const UnixFileMode Directory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Sets every directory and file under <paramref name="root"/> (and root itself) to the store modes; returns how many changed.</summary>
    /// <remarks>Symbolic links are neither followed nor changed: the store has none, and one planted there must not redirect a chmod.</remarks>
    public static int Repair(string root)
    {
        var changed = Fix(new DirectoryInfo(root), Directory) ? 1 : 0;
        var walk = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", walk))
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }
            if (Fix(entry, entry is DirectoryInfo ? Directory : File))
            {
                changed++;
            }
        }
        return changed;
    }

    private static bool Fix(FileSystemInfo entry, UnixFileMode mode)
    {
        try
        {
            if (entry.UnixFileMode == mode)
            {
                return false;
            }
            entry.UnixFileMode = mode;
            return true;
        }
        catch (FileNotFoundException)
        {
            return false; // removed meanwhile (a reader never writes, so only a crash's leftovers can go)
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }
}
