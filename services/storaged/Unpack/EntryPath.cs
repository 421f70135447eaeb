namespace CriMesh.Storaged.Unpack;

/// <summary>
/// Lexical cleaning of a tar member name into components below the layer root: a leading '/' is dropped
/// (absolute names are taken relative to the root), "." and empty components vanish, and a ".." that
/// would climb above the root makes the name invalid (null).
/// </summary>
internal static class EntryPath
{
    /// <summary>The cleaned components, empty for the root itself, or null when the name escapes the root.</summary>
    public static List<string>? Clean(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            switch (part)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }
                    parts.RemoveAt(parts.Count - 1);
                    continue;
                default:
                    if (part.Contains('\0', StringComparison.Ordinal))
                    {
                        return null;
                    }
                    parts.Add(part);
                    continue;
            }
        }
        return parts;
    }
}
