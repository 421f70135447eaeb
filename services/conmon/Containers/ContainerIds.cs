using CriMesh.Common.Errors;

namespace CriMesh.Conmon.Containers;

/// <summary>Validation of what requests name: IDs (used as file names) and host paths.</summary>
public static class ContainerIds
{
    private const int MaxLength = 128;

    /// <summary>Letters, digits, '.', '_' and '-', not starting with '.' or '-', at most 128 characters.</summary>
    public static bool IsValidName(string value) =>
        value.Length is > 0 and <= MaxLength
        && char.IsAsciiLetterOrDigit(value[0])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Throws InvalidArgument unless <paramref name="id"/> is a valid container ID.</summary>
    public static string Require(string id) =>
        IsValidName(id) ? id : throw CriMeshException.Invalid(
            $"invalid container id \"{Truncate(id)}\": want 1-{MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit");

    /// <summary>
    /// Throws InvalidArgument unless <paramref name="path"/> is absolute, normalized (no "." or ".." segment,
    /// no empty segment) and free of NUL.
    /// </summary>
    public static string RequireCleanAbsolute(string field, string path)
    {
        if (!Path.IsPathFullyQualified(path) || path.Contains('\0'))
        {
            throw CriMeshException.Invalid($"{field} must be an absolute path, got \"{Truncate(path)}\"");
        }
        var segments = path.Split('/')[1..];
        if (segments.Any(s => s is "." or ".."))
        {
            throw CriMeshException.Invalid($"{field} must not contain \".\" or \"..\" segments, got \"{Truncate(path)}\"");
        }
        return path;
    }

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "...";
}
