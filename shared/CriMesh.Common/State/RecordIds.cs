using CriMesh.Common.Errors;

namespace CriMesh.Common.State;

/// <summary>The rule for IDs that name files: 1-128 characters of [A-Za-z0-9._-], not starting with a dot.</summary>
public static class RecordIds
{
    public const int MaxLength = 128;

    /// <summary>True when <paramref name="id"/> can name a file in a store (no separators, no dot names).</summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || id[0] == '.')
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '_' and not '-')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Throws <see cref="CriMeshException"/> (InvalidArgument) for an ID that <see cref="IsValid"/> refuses.</summary>
    public static void Validate(string? id)
    {
        if (!IsValid(id))
        {
            throw CriMeshException.Invalid($"invalid record id '{id}': want 1-{MaxLength} characters of [A-Za-z0-9._-], not starting with '.'");
        }
    }
}
