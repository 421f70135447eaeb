namespace CriMesh.Common.Config;

/// <summary>
/// Options that check themselves. <see cref="Validate"/> is pure (no I/O): each string it returns is one
/// reason the value is wrong, and the loader stops the daemon naming the file and table.
/// </summary>
public interface IValidatedOptions
{
    IEnumerable<string> Validate();
}
